package dev.jkernfs.vfs;

/**
 * What to resolve: a parsed path, where relative paths start, the root that {@code ..} and absolute
 * symlinks resolve against, whose permissions apply, and whether a symlink in the last component is
 * followed. The caller keeps {@code root} and {@code start} alive for the call.
 *
 * @param credentials whose permissions the walk checks
 * @param root the root directory of the caller
 * @param start where a relative path starts
 * @param path the path
 * @param followFinalSymlink whether a symlink in the last component is followed
 */
public record PathOperation(
    Credentials credentials,
    VirtualDentry root,
    VirtualDentry start,
    ParsedPath path,
    boolean followFinalSymlink) {}
