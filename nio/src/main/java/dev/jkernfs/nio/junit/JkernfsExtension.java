package dev.jkernfs.nio.junit;

import dev.jkernfs.nio.Jkernfs;
import dev.jkernfs.refs.LeakReport;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a test method a fresh jkernfs {@link FileSystem} parameter, closes it after the test and
 * fails the test, with the leak report, if anything in it leaked:
 * {@code @ExtendWith(JkernfsExtension.class)} then {@code void test(FileSystem fs)}. A {@link
 * Flavor} on the parameter, the method or the class makes it a Windows or macOS filesystem.
 */
public final class JkernfsExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(JkernfsExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == FileSystem.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    try {
      Flavor flavor =
          parameter
              .findAnnotation(Flavor.class)
              .or(() -> context.getTestMethod().map(method -> method.getAnnotation(Flavor.class)))
              .or(() -> context.getTestClass().map(type -> type.getAnnotation(Flavor.class)))
              .orElse(null);
      FileSystem fs = Jkernfs.newFileSystem(env(flavor));
      context.getStore(NAMESPACE).put(parameter.getIndex(), fs);
      return fs;
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a jkernfs filesystem", e);
    }
  }

  /** The env of a filesystem of {@code flavor} (null: Linux's defaults). */
  static Map<String, Object> env(Flavor flavor) {
    if (flavor == null) {
      return Map.of();
    }
    Map<String, Object> env = new HashMap<>();
    env.put("flavor", flavor.value());
    if (flavor.roots().length > 0) {
      env.put("roots", List.of(flavor.roots()));
    }
    return env;
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    for (int index = 0; index < context.getRequiredTestMethod().getParameterCount(); index++) {
      FileSystem fs = store.remove(index, FileSystem.class);
      if (fs != null) {
        fs.close();
        LeakReport report = Jkernfs.leakReport(fs);
        if (!report.isClean()) {
          throw new AssertionError(report.toString());
        }
      }
    }
  }
}
