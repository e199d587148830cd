package dev.jkernfs.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference side in a JVM of its own, started by {@link ChildProcessSide} under another user's
 * credentials: it runs the sequences it reads from standard input on a {@link
 * DefaultFilesystemSide} and writes their results to standard output, one escaped line each.
 *
 * <p>Protocol: first it writes {@code UMASK n}. Then for each request {@code RUN n} followed by n
 * encoded steps it answers {@code OK}, one line per step's outcome and one for the snapshot, or
 * {@code ERROR} and one line with what went wrong.
 */
public final class LinuxSideServer {
  private LinuxSideServer() {}

  /** Arguments: the two base directories. */
  public static void main(String[] args) throws IOException {
    DefaultFilesystemSide side = new DefaultFilesystemSide(Path.of(args[0]), Path.of(args[1]));
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    out.println("UMASK " + side.umask());
    out.flush();
    String request;
    while ((request = in.readLine()) != null) {
      int count = Integer.parseInt(request.substring("RUN ".length()));
      List<LinuxOp> ops = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        ops.add(LinuxOp.decode(in.readLine()));
      }
      try {
        LinuxSide.Result result = side.run(ops);
        out.println("OK");
        for (String outcome : result.outcomes()) {
          out.println(escape(outcome));
        }
        out.println(escape(result.snapshot()));
      } catch (IOException | RuntimeException e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        out.println("ERROR");
        out.println(escape(trace.toString()));
      }
      out.flush();
    }
  }

  static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }

  static String unescape(String line) {
    StringBuilder text = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        char next = line.charAt(++i);
        text.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }
}
