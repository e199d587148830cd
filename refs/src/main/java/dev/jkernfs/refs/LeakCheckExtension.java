package dev.jkernfs.refs;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that fails every test which leaves a checked object alive.
 *
 * <p>Each test gets a scope covering the objects created while it runs. The check runs when JUnit
 * closes the test's resources, after every other extension has cleaned up (a {@code @TempDir}
 * included), so only what the test itself leaked is reported. If the leak mode is {@link
 * LeakMode#DISABLED} when a test starts, the test runs in {@link LeakMode#THROW}, so the check
 * cannot pass by checking nothing. Use with {@code @ExtendWith(LeakCheckExtension.class)}.
 */
public final class LeakCheckExtension implements BeforeEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LeakCheckExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    LeakMode previous = LeakChecker.mode();
    if (previous == LeakMode.DISABLED) {
      LeakChecker.setMode(LeakMode.THROW);
    }
    // Stored first, so closed last: JUnit closes a test's resources in reverse order.
    context
        .getStore(NAMESPACE)
        .put(
            ScopeCheck.class,
            new ScopeCheck(LeakScope.openNow(context.getDisplayName()), previous));
  }

  /** The check of one test's scope, run when JUnit closes the test's store. */
  private record ScopeCheck(LeakScope scope, LeakMode previous) implements AutoCloseable {
    @Override
    public void close() {
      LeakReport report = LeakChecker.check(scope);
      LeakChecker.setMode(previous);
      if (!report.isClean()) {
        throw new AssertionError(report.toString());
      }
    }
  }
}
