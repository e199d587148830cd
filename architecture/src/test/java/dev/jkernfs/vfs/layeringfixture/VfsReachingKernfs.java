package dev.jkernfs.vfs.layeringfixture;

import dev.jkernfs.kernfs.KernfsFilesystem;

/** Breaks the vfs rule on purpose: the VFS naming kernfs. */
public class VfsReachingKernfs {
  KernfsFilesystem filesystem;
}
