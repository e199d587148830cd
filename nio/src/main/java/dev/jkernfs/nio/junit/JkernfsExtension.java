package dev.jkernfs.nio.junit;

import dev.jkernfs.nio.Jkernfs;
import dev.jkernfs.refs.LeakReport;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * Flavor} on the parameter, the method or the class makes it a Windows or macOS filesystem. For a
 * filesystem with other settings, register an instance made with its {@code env}:
 *
 * <pre>{@code
 * @RegisterExtension
 * JkernfsExtension kernfs =
 *     new JkernfsExtension(Jkernfs.env().workingDirectory("/work").user("alice", 1000).toMap());
 * }</pre>
 */
public final class JkernfsExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(JkernfsExtension.class);

  private final Map<String, ?> env;

  /** Default settings, for {@code @ExtendWith(JkernfsExtension.class)}. */
  public JkernfsExtension() {
    this(Map.of());
  }

  /**
   * Filesystems made with {@code env} (see {@link Jkernfs} for the keys; {@link Jkernfs#env()}
   * builds it); a wrong setting fails the test that asks for one, naming the key.
   */
  public JkernfsExtension(Map<String, ?> env) {
    this.env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }

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
      FileSystem fs = Jkernfs.newFileSystem(withFlavor(env, flavor));
      context.getStore(NAMESPACE).put(parameter.getIndex(), fs);
      return fs;
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a jkernfs filesystem", e);
    }
  }

  /** {@code env} with the settings of {@code flavor} (none if null) over its own. */
  static Map<String, Object> withFlavor(Map<String, ?> env, Flavor flavor) {
    Map<String, Object> settings = new LinkedHashMap<>(env);
    if (flavor != null) {
      settings.put("flavor", flavor.value());
      if (flavor.roots().length > 0) {
        settings.put("roots", List.of(flavor.roots()));
      }
    }
    return settings;
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
