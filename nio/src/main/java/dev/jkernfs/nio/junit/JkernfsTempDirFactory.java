package dev.jkernfs.nio.junit;

import dev.jkernfs.nio.Jkernfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Puts JUnit's {@code @TempDir} on a fresh jkernfs filesystem: {@code @TempDir(factory =
 * JkernfsTempDirFactory.class) Path dir}, at {@code tmp/junit} under the filesystem's first root
 * ({@code /tmp/junit}; {@code C:\tmp\junit} for Windows), of the flavour a {@link Flavor} on the
 * field or parameter asks for. The filesystem is closed after JUnit has deleted the directory;
 * anything still alive then fails the test (with the leak checker on).
 *
 * <p>For a filesystem with settings, name a subclass that passes its {@code env} (JUnit makes the
 * factory through its constructor without arguments):
 *
 * <pre>{@code
 * static final class AsAlice extends JkernfsTempDirFactory {
 *   AsAlice() {
 *     super(Jkernfs.env().user("alice", 1000).uid(1000).toMap());
 *   }
 * }
 *
 * @TempDir(factory = AsAlice.class) Path dir;
 * }</pre>
 */
public class JkernfsTempDirFactory implements TempDirFactory {
  private final Map<String, ?> env;
  private FileSystem fs;

  /** Default settings. */
  public JkernfsTempDirFactory() {
    this(Map.of());
  }

  /**
   * Filesystems made with {@code env} (see {@link Jkernfs} for the keys; {@link Jkernfs#env()}
   * builds it); a wrong setting fails the test that asks for one, naming the key.
   */
  protected JkernfsTempDirFactory(Map<String, ?> env) {
    this.env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }

  @Override
  public final Path createTempDirectory(
      AnnotatedElementContext elementContext, ExtensionContext extensionContext)
      throws IOException {
    Flavor flavor = elementContext.findAnnotation(Flavor.class).orElse(null);
    fs = Jkernfs.newFileSystem(JkernfsExtension.withFlavor(env, flavor));
    Path root = fs.getRootDirectories().iterator().next();
    return Files.createDirectories(root.resolve("tmp").resolve("junit"));
  }

  @Override
  public final void close() throws IOException {
    if (fs != null) {
      fs.close();
    }
  }
}
