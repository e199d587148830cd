package dev.jkernfs.refs;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that fails every test which leaves a checked object alive.
 *
 * <p>Each test gets a scope covering the objects created while it runs. If the leak mode is {@link
 * LeakMode#DISABLED} when a test starts, the test runs in {@link LeakMode#THROW}, so the check
 * cannot pass by checking nothing. Use with {@code @ExtendWith(LeakCheckExtension.class)}.
 */
public final class LeakCheckExtension implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LeakCheckExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    LeakMode previous = LeakChecker.mode();
    if (previous == LeakMode.DISABLED) {
      LeakChecker.setMode(LeakMode.THROW);
    }
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    store.put(LeakMode.class, previous);
    store.put(LeakScope.class, LeakScope.openNow(context.getDisplayName()));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    LeakScope scope = store.remove(LeakScope.class, LeakScope.class);
    LeakMode previous = store.remove(LeakMode.class, LeakMode.class);
    LeakReport report = LeakChecker.check(scope);
    LeakChecker.setMode(previous);
    if (!report.isClean()) {
      throw new AssertionError(report.toString());
    }
  }
}
