package dev.jkernfs.refs.layeringfixture;

import dev.jkernfs.vfs.Errno;

/** Breaks the refs rule on purpose: refs naming the VFS. */
public class RefsReachingUp {
  Errno errno;
}
