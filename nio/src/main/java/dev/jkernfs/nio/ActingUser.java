package dev.jkernfs.nio;

import dev.jkernfs.vfs.Credentials;
import java.io.IOException;

/**
 * Whose permissions the operations of one filesystem check: the configured user, or on a thread
 * inside {@link #callAs} another one.
 */
final class ActingUser {
  private final Credentials configured;

  // Per filesystem and per thread: a test may act as another user on one filesystem only.
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<Credentials> actingAs = new ThreadLocal<>();

  // Set once anyone acts as another user; until then no operation needs to look at actingAs.
  private volatile boolean actedAs;

  ActingUser(Credentials configured) {
    this.configured = configured;
  }

  Credentials current() {
    if (!actedAs) {
      return configured;
    }
    Credentials override = actingAs.get();
    return override != null ? override : configured;
  }

  /** Runs {@code action} with other credentials on this thread. */
  <T> T callAs(Credentials other, Jkernfs.IoCallable<T> action) throws IOException {
    actedAs = true;
    Credentials before = actingAs.get();
    actingAs.set(other);
    try {
      return action.call();
    } finally {
      if (before == null) {
        actingAs.remove();
      } else {
        actingAs.set(before);
      }
    }
  }
}
