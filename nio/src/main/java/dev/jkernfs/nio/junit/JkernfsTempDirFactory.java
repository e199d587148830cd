package dev.jkernfs.nio.junit;

import dev.jkernfs.nio.Jkernfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Puts JUnit's {@code @TempDir} on a fresh jkernfs filesystem: {@code @TempDir(factory =
 * JkernfsTempDirFactory.class) Path dir}, at {@code /tmp/junit} (with a {@link Flavor} on the field
 * or parameter, on that system's first root: {@code C:\tmp\junit} for Windows). The filesystem is
 * closed after JUnit has deleted the directory; anything still alive then fails the test (with the
 * leak checker on).
 */
public final class JkernfsTempDirFactory implements TempDirFactory {
  private FileSystem fs;

  @Override
  public Path createTempDirectory(
      AnnotatedElementContext elementContext, ExtensionContext extensionContext)
      throws IOException {
    Flavor flavor = elementContext.findAnnotation(Flavor.class).orElse(null);
    fs = Jkernfs.newFileSystem(JkernfsExtension.env(flavor));
    Path root = fs.getRootDirectories().iterator().next();
    return Files.createDirectories(root.resolve("tmp").resolve("junit"));
  }

  @Override
  public void close() throws IOException {
    if (fs != null) {
      fs.close();
    }
  }
}
