package dev.jkernfs.refs;

import java.util.function.Consumer;

/**
 * Something that holds references and can list them, so the audit can account for every count: a
 * child dentry holding its parent, a mount holding its root, an open channel holding its dentry.
 *
 * <p>A checked {@link RefCounted} object that implements this interface is a holder for as long as
 * it is registered; any other holder is added with {@link LeakChecker#registerHolder}.
 */
public interface RefHolder {
  /** How the holder appears in audit reports: {@code child "c"}, {@code channel#7}. */
  String holderDescription();

  /** Passes each reference this holder holds to {@code sink}, once per reference. */
  void forEachHeldRef(Consumer<RefCounted> sink);
}
