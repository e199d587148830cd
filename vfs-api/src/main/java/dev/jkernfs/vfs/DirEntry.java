package dev.jkernfs.vfs;

/**
 * One entry of a directory listing.
 *
 * @param name the entry's name
 * @param ino its inode number
 * @param type its file type bits ({@link FileMode#S_IFREG}, ...)
 * @param nextOffset the offset to resume a listing after this entry
 */
public record DirEntry(String name, long ino, int type, long nextOffset) {}
