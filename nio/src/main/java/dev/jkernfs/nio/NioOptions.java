package dev.jkernfs.nio;

import java.nio.file.LinkOption;
import java.util.Objects;

/** The link options shared by many provider methods. */
final class NioOptions {
  private NioOptions() {}

  /** Whether symlinks are followed: true unless {@link LinkOption#NOFOLLOW_LINKS} is given. */
  static boolean followLinks(LinkOption... options) {
    boolean follow = true;
    for (LinkOption option : options) {
      if (Objects.requireNonNull(option) == LinkOption.NOFOLLOW_LINKS) {
        follow = false;
      } else {
        throw new UnsupportedOperationException(option + " not supported");
      }
    }
    return follow;
  }
}
