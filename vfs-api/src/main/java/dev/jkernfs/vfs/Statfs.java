package dev.jkernfs.vfs;

/**
 * A filesystem's capacity as {@code statfs(2)} reports it, in bytes and inodes.
 *
 * @param type the filesystem type name ({@code "memfs"})
 * @param totalBytes capacity, or {@link Long#MAX_VALUE} when unlimited
 * @param freeBytes bytes not in use
 * @param totalInodes inode capacity, or {@link Long#MAX_VALUE} when unlimited
 * @param freeInodes inodes not in use
 * @param blockSize the allocation unit
 */
public record Statfs(
    String type,
    long totalBytes,
    long freeBytes,
    long totalInodes,
    long freeInodes,
    int blockSize) {}
