package dev.jkernfs.nio;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jkernfs.vfs.NameFolding;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Windows and macOS flavours against the only models of those systems runnable here: jimfs's
 * {@code Configuration.windows()} and {@code Configuration.osX()}, through seeded random path pairs
 * (every operation of the path algebra), random sequences of lookups, creations and removals in
 * names of every case and normalization, and random globs. Where jkernfs answers otherwise on
 * purpose, the difference is a named {@link Divergence}, and each divergence is accepted only where
 * its own check holds: the JDK's own code (its Unix path, its Windows glob translation) or jimfs
 * itself on inputs where the difference cannot arise gives jkernfs's answer. Exceptions are
 * compared by class, their wording being each implementation's own.
 */
class FlavorDifferentialTest {
  /** What jkernfs does differently from jimfs on purpose, and why. */
  enum Divergence {
    /**
     * Case is folded beyond ASCII (each UTF-16 unit upper-cased on Windows, as NTFS and the JDK's
     * {@code WindowsPath} compare; Unicode case folding on macOS, as APFS); jimfs's default
     * configurations fold ASCII only. Checked: jimfs gives jkernfs's answer once every non-ASCII
     * letter of the inputs (and of jkernfs's answer) is upper-cased.
     */
    UNICODE_CASE,
    /**
     * {@code relativize} normalizes both paths first when either has {@code .} or {@code ..}, as
     * the JDK's {@code UnixPath} and {@code WindowsPath} do since JDK 9; jimfs compares the names
     * as written. Checked: the JDK's own Unix path, given the same names case-folded, gives the
     * answer.
     */
    RELATIVIZE_NORMALIZES,
    /**
     * {@code Path.of(".").normalize()} is the empty path, as the JDK's paths give it; jimfs leaves
     * a lone {@code .} as it is. Checked: the path is {@code .} and jkernfs gives {@code ""}.
     */
    LONE_DOT_NORMALIZES_TO_EMPTY,
    /**
     * macOS paths keep names as written, as the JDK does on macOS since JDK 20 (it no longer
     * normalizes to NFC); jimfs's {@code osX()} prints them in NFC, as JDKs up to 19 did. Checked:
     * jkernfs's answer in NFC is jimfs's.
     */
    NFC_DISPLAY,
    /**
     * macOS path algebra is the JDK's Unix path's, which the JDK on macOS uses: names compare
     * exactly in {@code startsWith}, {@code endsWith} and {@code relativize}, where jimfs's {@code
     * osX()} compares them case- and normalization-insensitively, and {@code .} and {@code ..} are
     * handled as the JDK handles them. Checked: the JDK's own path (of this Linux JDK, whose Unix
     * path is macOS's) gives jkernfs's answer.
     */
    JDK_UNIX_PATH,
    /**
     * Globs translate as the JDK's own {@code Globs} does for that system (a separator in a class
     * is refused, {@code [} and {@code -} in classes, nested groups), where jimfs's translator
     * differs. Checked: the JDK's own translation, compiled with the flags of the JDK on that
     * system, matches as jkernfs does.
     */
    JDK_GLOB,
    /**
     * A Windows path loses its {@code .} and {@code ..} as text before it is looked up, as Win32
     * does before a file system sees it, so {@code missing\..} names the directory that holds
     * {@code missing}; jimfs walks {@code ..} through the tree, where {@code missing} is missing.
     * Checked (on a URI, which ends in a slash for a directory): jkernfs's answer is jimfs's with
     * the slash, and jimfs finds a directory at the normalized path.
     */
    LEXICAL_DOT_DOT,
    /**
     * Reading a directory as a file fails as the JDK on that system fails: on macOS the open
     * succeeds and the read gives {@code IOException} "Is a directory", as on Linux; on Windows the
     * open is an {@code AccessDeniedException}; jimfs refuses the open with a plain {@code
     * FileSystemException}. Checked: the step reads, jimfs gives {@code FileSystemException} and
     * jkernfs that system's exception.
     */
    DIRECTORY_READ,
    /**
     * An atomic move to another spelling of the same name changes how the name is written, as
     * {@code MoveFileEx} and {@code rename(2)} on APFS do when the JDK calls them; jimfs sees one
     * file and does nothing. A plain move does nothing in both, as in the JDK. Checked by {@link
     * #anAtomicMoveToAnotherSpellingRenamesWhereJimfsDoesNothing}.
     */
    ATOMIC_MOVE_RESPELLS
  }

  private static final String[] WINDOWS_ROOTS = {
    "", "", "", "", "C:\\", "c:/", "D:\\", "\\\\host\\share\\", "\\\\HOST\\Share\\"
  };
  private static final String[] WINDOWS_NAMES = {
    "a", "A", "b", ".", "..", "a.b", "B.txt", "\u00e9", "\u00c9", "x y", "end.", "\u00df"
  };
  private static final String[] WINDOWS_INVALID = {
    "a:b", "a*b", "C:foo", "\\foo", "end ", "\\\\host", "a?", "<", "C:", "\\\\\\x", "tab\tx"
  };
  private static final String[] WINDOWS_SEPARATORS = {"\\", "\\", "/", "\\\\", "/\\"};

  private static final String[] MACOS_NAMES = {
    "a", "A", ".", "..", "caf\u00e9", "CAFE\u0301", "cafe\u0301", "\u00c9", "\u00e9", "x"
  };

  private final Map<Divergence, Integer> seen = new EnumMap<>(Divergence.class);
  private final List<FileSystem> opened = new ArrayList<>();

  private FileSystem windows;
  private FileSystem jimfsWindows;
  private FileSystem macos;
  private FileSystem jimfsMacos;

  @BeforeEach
  void open() throws IOException {
    windows = jkernfs("windows");
    macos = jkernfs("macos");
    jimfsWindows = Jimfs.newFileSystem(Configuration.windows());
    jimfsMacos = Jimfs.newFileSystem(Configuration.osX());
  }

  private FileSystem jkernfs(String flavor) throws IOException {
    FileSystem fs = Jkernfs.newFileSystem(Map.of("flavor", flavor));
    opened.add(fs);
    return fs;
  }

  @AfterEach
  void close() throws IOException {
    jimfsWindows.close();
    jimfsMacos.close();
    for (FileSystem fs : opened) {
      fs.close(); // fails the test if anything leaked
    }
  }

  // ---- path algebra ----

  /** The operations compared, each of two paths. */
  private enum Operation {
    TO_STRING((x, y) -> x.toString()),
    ROOT((x, y) -> String.valueOf(x.getRoot())),
    FILE_NAME((x, y) -> String.valueOf(x.getFileName())),
    PARENT((x, y) -> String.valueOf(x.getParent())),
    NAME_COUNT((x, y) -> x.getNameCount() + " " + x.isAbsolute()),
    SUBPATH((x, y) -> x.getNameCount() == 0 ? "-" : x.subpath(0, x.getNameCount()).toString()),
    NORMALIZE((x, y) -> x.normalize().toString()),
    RESOLVE((x, y) -> x.resolve(y).toString()),
    RESOLVE_SIBLING((x, y) -> x.resolveSibling(y).toString()),
    RELATIVIZE((x, y) -> x.relativize(y).toString()),
    STARTS_WITH((x, y) -> Boolean.toString(x.startsWith(y))),
    ENDS_WITH((x, y) -> Boolean.toString(x.endsWith(y))),
    EQUALS((x, y) -> Boolean.toString(x.equals(y))),
    COMPARE((x, y) -> Integer.toString(Integer.signum(x.compareTo(y)))),
    TO_ABSOLUTE((x, y) -> x.toAbsolutePath().toString()),
    URI_PATH((x, y) -> x.toUri().getPath());

    final PathFunction apply;

    Operation(PathFunction apply) {
      this.apply = apply;
    }
  }

  @FunctionalInterface
  private interface PathFunction {
    String apply(Path first, Path second);
  }

  @Test
  void windowsPathAlgebraIsJimfssButForNamedDivergences() {
    SplittableRandom random = new SplittableRandom(20261201);
    List<String> unexplained = new ArrayList<>();
    for (int round = 0; round < 4_000 && unexplained.size() < 10; round++) {
      String first = randomWindowsPath(random);
      String second = randomWindowsPath(random);
      for (Operation operation : Operation.values()) {
        String ours = outcome(windows::getPath, first, second, operation.apply);
        String theirs = outcome(jimfsWindows::getPath, first, second, operation.apply);
        if (ours.equals(theirs)) {
          continue;
        }
        Divergence why = windowsAlgebraDivergence(operation, first, second, ours);
        if (why == null) {
          unexplained.add(describe(first, operation, second, theirs, ours));
        } else {
          seen.merge(why, 1, Integer::sum);
        }
      }
    }
    assertThat(unexplained).isEmpty();
    assertThat(seen)
        .containsKeys(
            Divergence.UNICODE_CASE,
            Divergence.RELATIVIZE_NORMALIZES,
            Divergence.LONE_DOT_NORMALIZES_TO_EMPTY,
            Divergence.LEXICAL_DOT_DOT);
  }

  private Divergence windowsAlgebraDivergence(
      Operation operation, String first, String second, String ours) {
    if (operation == Operation.NORMALIZE && ours.isEmpty() && isLoneDot(windows, first)) {
      return Divergence.LONE_DOT_NORMALIZES_TO_EMPTY;
    }
    if (operation == Operation.RELATIVIZE
        && (hasDots(windows, first) || hasDots(windows, second))
        && foldedWindows(ours).equals(foldedWindows(jdkRelativize(first, second)))) {
      return Divergence.RELATIVIZE_NORMALIZES;
    }
    if (operation == Operation.URI_PATH && isDirectoryAfterTextualDots(first)) {
      String theirs = outcome(jimfsWindows::getPath, first, second, operation.apply);
      if (ours.equals(theirs + "/")) {
        return Divergence.LEXICAL_DOT_DOT;
      }
    }
    UnaryOperator<String> upper = FlavorDifferentialTest::upperCaseNonAscii;
    if (upper
        .apply(ours)
        .equals(
            outcome(
                jimfsWindows::getPath, upper.apply(first), upper.apply(second), operation.apply))) {
      return Divergence.UNICODE_CASE;
    }
    return null;
  }

  private boolean isDirectoryAfterTextualDots(String path) {
    try {
      return Files.isDirectory(jimfsWindows.getPath(path).toAbsolutePath().normalize());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** {@code relativize} by the JDK's Unix path, of the two Windows paths' names case-folded. */
  private String jdkRelativize(String first, String second) {
    try {
      Path x = windows.getPath(first);
      Path y = windows.getPath(second);
      return Path.of(foldedUnix(x)).relativize(Path.of(foldedUnix(y))).toString();
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName();
    }
  }

  private static String foldedUnix(Path windowsPath) {
    StringBuilder unix = new StringBuilder(windowsPath.isAbsolute() ? "/" : "");
    for (int i = 0; i < windowsPath.getNameCount(); i++) {
      unix.append(i == 0 ? "" : "/")
          .append(NameFolding.WINDOWS.fold(windowsPath.getName(i).toString()));
    }
    return unix.toString();
  }

  private static String foldedWindows(String outcome) {
    return NameFolding.WINDOWS.fold(outcome).replace('\\', '/');
  }

  @Test
  void macosPathAlgebraIsTheJdksWhereJimfsDiffers() {
    SplittableRandom random = new SplittableRandom(20261202);
    List<String> unexplained = new ArrayList<>();
    for (int round = 0; round < 4_000 && unexplained.size() < 10; round++) {
      String first = randomUnixPath(random, MACOS_NAMES);
      String second = randomUnixPath(random, MACOS_NAMES);
      for (Operation operation : Operation.values()) {
        if (operation == Operation.URI_PATH || operation == Operation.TO_ABSOLUTE) {
          continue; // jimfs's working directory is /work, jkernfs's is /: compared below
        }
        String ours = outcome(macos::getPath, first, second, operation.apply);
        String theirs = outcome(jimfsMacos::getPath, first, second, operation.apply);
        if (ours.equals(theirs)) {
          continue;
        }
        Divergence why;
        if (nfc(ours).equals(theirs)) {
          why = Divergence.NFC_DISPLAY;
        } else if (ours.equals(outcome(Path::of, first, second, operation.apply))) {
          why = Divergence.JDK_UNIX_PATH;
        } else {
          why = null;
        }
        if (why == null) {
          unexplained.add(describe(first, operation, second, theirs, ours));
        } else {
          seen.merge(why, 1, Integer::sum);
        }
      }
    }
    assertThat(unexplained).isEmpty();
    assertThat(seen).containsKeys(Divergence.NFC_DISPLAY, Divergence.JDK_UNIX_PATH);
    // Absolute paths and URIs agree from one working directory, which the two configure apart.
    assertThat(macos.getPath("/work/x").toUri().getPath())
        .isEqualTo(jimfsMacos.getPath("x").toUri().getPath());
  }

  // ---- lookups ----

  @Test
  void windowsLookupsIgnoreCaseAsJimfssDo() throws IOException {
    List<String> unexplained = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(20261203);
    String[] names = {"foo", "Foo", "FOO", "bar", "BAR", "\u00e9t\u00e9", "\u00c9T\u00c9"};
    for (int scenario = 0; scenario < 150 && unexplained.size() < 5; scenario++) {
      List<String> script =
          randomScript(random, names, List.of("C:\\Sub"), "C:\\", "C:\\Sub\\", "C:\\sub\\", "");
      compareScript(
          script,
          () -> jkernfs("windows"),
          () -> Jimfs.newFileSystem(Configuration.windows()),
          FlavorDifferentialTest::upperCaseNonAscii,
          unexplained);
    }
    assertThat(unexplained).isEmpty();
    assertThat(seen).containsKeys(Divergence.UNICODE_CASE, Divergence.DIRECTORY_READ);
  }

  @Test
  void macosLookupsIgnoreCaseAndNormalizationAsJimfssDo() throws IOException {
    List<String> unexplained = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(20261204);
    String[] names = {
      "caf\u00e9", "cafe\u0301", "CAF\u00c9", "Cafe\u0301", "foo", "FOO", "\u00f1", "N\u0303"
    };
    for (int scenario = 0; scenario < 150 && unexplained.size() < 5; scenario++) {
      // Under /Sub only: jimfs's root holds its working directory /work, jkernfs's does not.
      List<String> script =
          randomScript(
              random, names, List.of("/Sub", "/Sub/In"), "/Sub/", "/Sub/In/", "/sub/in/", "/SUB/");
      compareScript(
          script,
          () -> jkernfs("macos"),
          () -> Jimfs.newFileSystem(Configuration.osX()),
          text -> upperCaseNonAscii(nfc(text)),
          unexplained);
    }
    assertThat(unexplained).isEmpty();
    assertThat(seen)
        .containsKeys(Divergence.NFC_DISPLAY, Divergence.UNICODE_CASE, Divergence.DIRECTORY_READ);
  }

  @Test
  void anAtomicMoveToAnotherSpellingRenamesWhereJimfsDoesNothing() throws IOException {
    for (FileSystem[] pair :
        List.of(new FileSystem[] {windows, jimfsWindows}, new FileSystem[] {macos, jimfsMacos})) {
      for (FileSystem fs : pair) {
        Path dir = Files.createDirectories(fs.getPath("spelling"));
        Files.createFile(dir.resolve("name"));
        Files.move(dir.resolve("name"), dir.resolve("NAME"));
        assertThat(list(dir)).containsExactly("name");
        Files.move(dir.resolve("name"), dir.resolve("NAME"), StandardCopyOption.ATOMIC_MOVE);
      }
      assertThat(list(pair[0].getPath("spelling"))).containsExactly("NAME");
      assertThat(list(pair[1].getPath("spelling"))).containsExactly("name");
    }
    seen.merge(Divergence.ATOMIC_MOVE_RESPELLS, 1, Integer::sum);
  }

  /** Each step of a script: an operation and its arguments, separated by {@code |}. */
  private static List<String> randomScript(
      SplittableRandom random, String[] names, List<String> setUp, String... directories) {
    String[] operations = {
      "createFile",
      "createDirectory",
      "exists",
      "isDirectory",
      "delete",
      "list",
      "write",
      "read",
      "move",
      "copy",
      "realPath",
      "createFile",
      "exists",
      "read"
    };
    List<String> script = new ArrayList<>();
    setUp.forEach(directory -> script.add("createDirectory|" + directory));
    for (int step = 0; step < 20; step++) {
      String operation = operations[random.nextInt(operations.length)];
      String path = directories[random.nextInt(directories.length)] + pick(random, names);
      String other = directories[random.nextInt(directories.length)] + pick(random, names);
      script.add(operation + "|" + path + "|" + other);
    }
    return script;
  }

  @FunctionalInterface
  private interface FileSystemFactory {
    FileSystem open() throws IOException;
  }

  /**
   * Runs {@code script} on jkernfs and on jimfs and compares each step; a script that differs is
   * accepted as {@link Divergence#UNICODE_CASE} (or {@link Divergence#NFC_DISPLAY}) only if jimfs,
   * given the script with {@code canonical} applied to every name, answers each step as {@code
   * canonical} of jkernfs's answer.
   */
  private void compareScript(
      List<String> script,
      FileSystemFactory ours,
      FileSystemFactory theirs,
      UnaryOperator<String> canonical,
      List<String> unexplained)
      throws IOException {
    List<String> theirOutcomes = run(theirs, script);
    List<String> ourRawOutcomes = run(ours, script);
    List<String> ourOutcomes = explainDirectoryReads(script, ourRawOutcomes, theirOutcomes);
    if (ourOutcomes.equals(theirOutcomes)) {
      return;
    }
    List<String> canonicalScript = script.stream().map(canonical).toList();
    List<String> canonicalTheirs = run(theirs, canonicalScript);
    List<String> canonicalOurs =
        explainDirectoryReads(
            canonicalScript, ourRawOutcomes.stream().map(canonical).toList(), canonicalTheirs);
    if (canonicalOurs.equals(canonicalTheirs)) {
      boolean nfcOnly =
          ourOutcomes.stream().map(FlavorDifferentialTest::nfc).toList().equals(theirOutcomes);
      seen.merge(nfcOnly ? Divergence.NFC_DISPLAY : Divergence.UNICODE_CASE, 1, Integer::sum);
      return;
    }
    for (int i = 0; i < script.size(); i++) {
      if (!canonicalOurs.get(i).equals(canonicalTheirs.get(i))) {
        unexplained.add(
            String.format(
                "step %d %s: jimfs %s, jkernfs %s (both canonical) in %s",
                i, canonicalScript.get(i), canonicalTheirs.get(i), canonicalOurs.get(i), script));
        return;
      }
    }
  }

  /**
   * jkernfs's outcomes with each {@link Divergence#DIRECTORY_READ} replaced by jimfs's answer, so
   * that the rest of the script is compared.
   */
  private List<String> explainDirectoryReads(
      List<String> script, List<String> ours, List<String> theirs) {
    List<String> explained = new ArrayList<>(ours);
    for (int i = 0; i < script.size(); i++) {
      if (script.get(i).startsWith("read|")
          && theirs.get(i).equals("FileSystemException")
          && (ours.get(i).equals("IOException") || ours.get(i).equals("AccessDeniedException"))) {
        explained.set(i, theirs.get(i));
        seen.merge(Divergence.DIRECTORY_READ, 1, Integer::sum);
      }
    }
    return explained;
  }

  private List<String> run(FileSystemFactory factory, List<String> script) throws IOException {
    FileSystem fs = factory.open();
    List<String> outcomes = new ArrayList<>();
    try {
      for (String step : script) {
        outcomes.add(step(fs, step.split("\\|")));
      }
    } finally {
      fs.close();
      opened.remove(fs);
    }
    return outcomes;
  }

  private static String step(FileSystem fs, String[] step) {
    try {
      Path path = fs.getPath(step[1]);
      Path other = step.length > 2 ? fs.getPath(step[2]) : null;
      return switch (step[0]) {
        case "createFile" -> Files.createFile(path).toString();
        case "createDirectory" -> Files.createDirectory(path).toString();
        case "exists" -> Boolean.toString(Files.exists(path));
        case "isDirectory" -> Boolean.toString(Files.isDirectory(path));
        case "delete" -> {
          Files.delete(path);
          yield "deleted";
        }
        case "list" -> list(path.getParent() == null ? path : path.getParent()).toString();
        case "write" -> Files.writeString(path, step[2]).toString();
        case "read" -> Files.readString(path);
        case "move" -> Files.move(path, other).toString();
        case "copy" -> Files.copy(path, other).toString();
        case "realPath" -> path.toRealPath().toString();
        default -> throw new IllegalArgumentException(step[0]);
      };
    } catch (IOException | RuntimeException e) {
      return e.getClass().getSimpleName();
    }
  }

  /**
   * The names in {@code dir}, in an order that upper-casing or composing them keeps: by their
   * composed, upper-cased form.
   */
  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      TreeSet<String> names =
          new TreeSet<>(
              Comparator.comparing((String name) -> upperCaseNonAscii(nfc(name)))
                  .thenComparing(Comparator.naturalOrder()));
      entries.forEach(entry -> names.add(entry.getFileName().toString()));
      return new ArrayList<>(names);
    }
  }

  // ---- globs ----

  private static final String GLOB_ALPHABET = "aB\u00e9-[]!^*?{},\\/.";
  private static final String NAME_ALPHABET = "abAB\u00c9\u00e9-^!*?{},.[]";

  @Test
  void windowsGlobsAreTheJdksOwnWindowsGlobsAndJimfssWhereTheyAgree() throws Exception {
    Method jdkWindowsGlob =
        Class.forName("sun.nio.fs.Globs").getDeclaredMethod("toWindowsRegexPattern", String.class);
    jdkWindowsGlob.setAccessible(true);
    SplittableRandom random = new SplittableRandom(20261205);
    List<String> unexplained = new ArrayList<>();
    for (int round = 0; round < 10_000 && unexplained.size() < 10; round++) {
      String glob = randomString(random, GLOB_ALPHABET, 1 + random.nextInt(8));
      List<String> names = randomWindowsNames(random);
      String ours = globOutcome(windows, glob, names);
      String jdk;
      try {
        Pattern pattern =
            Pattern.compile(
                (String) jdkWindowsGlob.invoke(null, glob),
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        jdk = matches(pattern, windows, names);
      } catch (java.lang.reflect.InvocationTargetException e) {
        jdk = syntaxError((PatternSyntaxException) e.getCause());
      } catch (PatternSyntaxException e) {
        jdk = syntaxError(e);
      }
      // The JDK's own translation is the oracle, to the word.
      if (!ours.equals(jdk)) {
        unexplained.add(glob + ": JDK " + jdk + ", jkernfs " + ours);
        continue;
      }
      String theirs = globOutcome(jimfsWindows, glob, names);
      if (!matchesOnly(ours).equals(matchesOnly(theirs))) {
        String upperGlob = upperCaseNonAscii(glob);
        List<String> upperNames =
            names.stream().map(FlavorDifferentialTest::upperCaseNonAscii).toList();
        boolean caseOnly =
            matchesOnly(globOutcome(windows, upperGlob, upperNames))
                .equals(matchesOnly(globOutcome(jimfsWindows, upperGlob, upperNames)));
        seen.merge(caseOnly ? Divergence.UNICODE_CASE : Divergence.JDK_GLOB, 1, Integer::sum);
      }
    }
    assertThat(unexplained).isEmpty();
    assertThat(seen).containsKeys(Divergence.JDK_GLOB, Divergence.UNICODE_CASE);
  }

  @Test
  void macosGlobsIgnoreNormalizationAsTheJdkOnMacosAndJimfsDo() throws Exception {
    Method jdkUnixGlob =
        Class.forName("sun.nio.fs.Globs").getDeclaredMethod("toUnixRegexPattern", String.class);
    jdkUnixGlob.setAccessible(true);
    SplittableRandom random = new SplittableRandom(20261206);
    List<String> unexplained = new ArrayList<>();
    for (int round = 0; round < 5_000 && unexplained.size() < 10; round++) {
      String glob = randomString(random, "ae\u00e9\u0301*?[]{},/", 1 + random.nextInt(6));
      List<String> names = new ArrayList<>();
      for (int n = 0; n < 6; n++) {
        names.add(randomString(random, "ae\u00e9\u0301", 1 + random.nextInt(4)));
      }
      String ours = globOutcome(macos, glob, names);
      String jdk;
      try {
        jdk =
            matches(
                Pattern.compile((String) jdkUnixGlob.invoke(null, glob), Pattern.CANON_EQ),
                macos,
                names);
      } catch (java.lang.reflect.InvocationTargetException e) {
        jdk = syntaxError((PatternSyntaxException) e.getCause());
      } catch (PatternSyntaxException e) {
        jdk = syntaxError(e);
      }
      if (!ours.equals(jdk)) {
        unexplained.add(glob + ": JDK on macOS " + jdk + ", jkernfs " + ours);
        continue;
      }
      String theirs = globOutcome(jimfsMacos, glob, names);
      if (!matchesOnly(ours).equals(matchesOnly(theirs))) {
        seen.merge(Divergence.JDK_GLOB, 1, Integer::sum);
      }
    }
    assertThat(unexplained).isEmpty();
  }

  private static List<String> randomWindowsNames(SplittableRandom random) {
    List<String> names = new ArrayList<>();
    for (int n = 0; n < 8; n++) {
      String name = randomString(random, NAME_ALPHABET, 1 + random.nextInt(6));
      if (random.nextInt(3) == 0) {
        name = name + "\\" + randomString(random, "aB.", 1 + random.nextInt(3));
      }
      names.add(name.replace("*", "").replace("?", ""));
    }
    return names;
  }

  private static String syntaxError(PatternSyntaxException e) {
    return "PatternSyntaxException " + e.getDescription() + " at " + e.getIndex();
  }

  private static String globOutcome(FileSystem fs, String glob, List<String> names) {
    PathMatcher matcher;
    try {
      matcher = fs.getPathMatcher("glob:" + glob);
    } catch (PatternSyntaxException e) {
      return syntaxError(e);
    }
    StringBuilder matched = new StringBuilder("matches");
    for (String name : names) {
      try {
        if (matcher.matches(fs.getPath(name))) {
          matched.append(' ').append(name);
        }
      } catch (RuntimeException e) {
        matched.append(" !").append(e.getClass().getSimpleName());
      }
    }
    return matched.toString();
  }

  private static String matches(Pattern pattern, FileSystem fs, List<String> names) {
    StringBuilder matched = new StringBuilder("matches");
    for (String name : names) {
      try {
        if (pattern.matcher(fs.getPath(name).toString()).matches()) {
          matched.append(' ').append(name);
        }
      } catch (RuntimeException e) {
        matched.append(" !").append(e.getClass().getSimpleName());
      }
    }
    return matched.toString();
  }

  /** An outcome with syntax errors reduced to their class: jimfs words them otherwise. */
  private static String matchesOnly(String outcome) {
    return outcome.startsWith("PatternSyntaxException") ? "PatternSyntaxException" : outcome;
  }

  // ---- helpers ----

  private static String randomWindowsPath(SplittableRandom random) {
    StringBuilder path = new StringBuilder(pick(random, WINDOWS_ROOTS));
    int names = random.nextInt(4);
    for (int i = 0; i < names; i++) {
      if (i > 0) {
        path.append(pick(random, WINDOWS_SEPARATORS));
      }
      path.append(pick(random, WINDOWS_NAMES));
    }
    if (names > 0 && random.nextInt(6) == 0) {
      path.append(pick(random, WINDOWS_SEPARATORS));
    }
    if (random.nextInt(10) == 0) {
      path.insert(random.nextInt(path.length() + 1), pick(random, WINDOWS_INVALID));
    }
    return path.toString();
  }

  private static String randomUnixPath(SplittableRandom random, String[] names) {
    StringBuilder path = new StringBuilder(random.nextInt(3) == 0 ? "/" : "");
    int count = random.nextInt(4);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        path.append(random.nextInt(8) == 0 ? "//" : "/");
      }
      path.append(pick(random, names));
    }
    return path.toString();
  }

  private static String outcome(
      Function<String, Path> paths, String first, String second, PathFunction operation) {
    try {
      return operation.apply(paths.apply(first), paths.apply(second));
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName();
    }
  }

  private static boolean isLoneDot(FileSystem fs, String path) {
    try {
      return fs.getPath(path).toString().equals(".");
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean hasDots(FileSystem fs, String path) {
    try {
      for (Path name : fs.getPath(path)) {
        if (name.toString().equals(".") || name.toString().equals("..")) {
          return true;
        }
      }
    } catch (RuntimeException e) {
      // not a path: no dots
    }
    return false;
  }

  private static String upperCaseNonAscii(String text) {
    StringBuilder upper = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      upper.append(c < 0x80 ? c : Character.toUpperCase(c));
    }
    return upper.toString();
  }

  private static String nfc(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFC);
  }

  private static String pick(SplittableRandom random, String[] choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static String randomString(SplittableRandom random, String alphabet, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  private static String describe(
      String first, Operation operation, String second, String theirs, String ours) {
    return "\""
        + first
        + "\" "
        + operation
        + " \""
        + second
        + "\": jimfs "
        + theirs
        + ", jkernfs "
        + ours;
  }
}
