package dev.jkernfs.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference side as another user: a child JVM started through {@code setpriv} with that user's
 * uid and gid and no supplementary groups, running {@link LinuxSideServer}. Only root can start it.
 */
final class ChildProcessSide implements LinuxSide {
  private static final String SETPRIV = "/usr/bin/setpriv";

  private final Process process;
  private final PrintStream requests;
  private final BufferedReader answers;
  private final int umask;

  /**
   * Starts the child JVM as {@code uid} (and gid {@code uid}), on work directories under {@code
   * baseA} and {@code baseB}, which that user must be able to write.
   */
  ChildProcessSide(int uid, Path baseA, Path baseB) throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElseThrow(() -> new IOException("cannot tell which java runs this JVM"));
    List<String> command = new ArrayList<>();
    command.add(SETPRIV);
    command.add("--reuid=" + uid);
    command.add("--regid=" + uid);
    command.add("--clear-groups");
    command.add(java);
    command.add("-Xshare:off");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(classPath());
    command.add(LinuxSideServer.class.getName());
    command.add(baseA.toString());
    command.add(baseB.toString());
    process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    requests = new PrintStream(process.getOutputStream(), false, StandardCharsets.UTF_8);
    answers =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first = answers.readLine();
    if (first == null || !first.startsWith("UMASK ")) {
      process.destroyForcibly();
      throw new IOException("the child JVM did not start: " + first);
    }
    umask = Integer.parseInt(first.substring("UMASK ".length()));
  }

  /** Whether this JVM can start a child as another user: it runs as root and setpriv exists. */
  static String unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "only root can start a JVM as another user (this is "
          + System.getProperty("user.name")
          + ")";
    }
    if (!Files.isExecutable(Path.of(SETPRIV))) {
      return SETPRIV + " is missing";
    }
    return null;
  }

  /**
   * The test classes alone: the child needs nothing else, and the rest of this JVM's class path
   * (the local Maven repository under root's home) may not be readable by the child's user.
   */
  private static String classPath() throws IOException {
    try {
      return Path.of(
              LinuxSideServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }

  int umask() {
    return umask;
  }

  @Override
  public Result run(List<LinuxOp> ops) throws IOException {
    requests.println("RUN " + ops.size());
    for (LinuxOp op : ops) {
      requests.println(op.encode());
    }
    requests.flush();
    String status = answers.readLine();
    if ("ERROR".equals(status)) {
      throw new IOException(
          "the child JVM failed: " + LinuxSideServer.unescape(answers.readLine()));
    }
    if (!"OK".equals(status)) {
      throw new IOException("the child JVM answered " + status);
    }
    List<String> outcomes = new ArrayList<>(ops.size());
    for (int i = 0; i < ops.size(); i++) {
      outcomes.add(LinuxSideServer.unescape(answers.readLine()));
    }
    return new Result(outcomes, LinuxSideServer.unescape(answers.readLine()));
  }

  @Override
  public void close() throws IOException {
    requests.close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
