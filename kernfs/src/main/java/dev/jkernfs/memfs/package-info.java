/**
 * {@code memfs}: a writable in-memory filesystem like Linux's tmpfs, built on the kernfs framework,
 * and the root of every {@code kernfs://} filesystem.
 *
 * <h2>Invariants</h2>
 *
 * <ul>
 *   <li>Directories are kernfs directories whose child table ({@code OrderedChildren}) holds a
 *       reference on each child inode; unlink, rmdir and rename-over drop it.
 *   <li>Regular file content lives in pages grown on demand ({@code PagedContent}); holes read as
 *       zeros; a deleted file's pages are released when its inode dies. Up to {@code pagePoolBytes}
 *       of freed pages (4 MiB by default) wait in the filesystem's {@code PagePool} for its later
 *       writes, uncharged to the quota; a reused page is overwritten or zeroed in full before any
 *       reader can see it; the pool never holds a page a synced snapshot shares (it is off with
 *       {@code durability=fsync}) and is emptied when the filesystem dies.
 *   <li>Directories compare names by the filesystem's {@code NameFolding} (option {@code
 *       nameFolding}): exactly, as Linux, unless asked to fold case (Windows) or case and Unicode
 *       normalization (macOS); a child keeps the name it was created with.
 *   <li>Quotas ({@code maxBytes}, {@code maxInodes}, in {@code SpaceQuota}) are charged before a
 *       change is made, so ENOSPC leaves nothing half-written. They count the pages of live inodes
 *       only: what a simulated disk keeps of older versions (below) is not charged until a crash
 *       brings it back, which charges it even past the limit, while a file deleted but not yet
 *       durably so is still alive and charged.
 *   <li>With {@code durability=immediate} (the default) every change is durable as made and nothing
 *       below exists: no memory per file, a null test per sync, unlink or first write of a file,
 *       and per page written a call the JIT inlines.
 *   <li>With {@code durability=fsync} the filesystem keeps what a disk would after a power cut
 *       ({@link dev.jkernfs.memfs.MemfsType#crash} has the rules): a file's content as of its last
 *       sync in its {@code CopyOnWriteContent}, whose live pages share every page not changed since
 *       and copy one on its first change (every in-place change of a page goes through {@code
 *       PagedContent.pageToChange}); each inode's attributes and each directory's entries as of
 *       their last sync in the filesystem's {@code DurableImage}; {@code Writeback} chooses, from a
 *       seed, which unsynced blocks a crash keeps.
 *   <li>References: the {@code DurableImage} holds one reference on each inode it has a record of,
 *       so that a file unlinked, removed or renamed over since its directory's last sync stays
 *       alive to come back at a crash; it lets go of a record when nothing can name its inode again
 *       (no durable entry, no link left), at a crash of what the root no longer reaches, and of all
 *       at release. It is a registered holder for the ref audit.
 *   <li>Lock order, after kernfs's: a {@code DurableImage}'s monitor comes after every inode lock
 *       (children table, content lock, inode monitor), and no reference is dropped under it.
 *   <li>Regular files and directories keep {@code user.} extended attributes, as tmpfs does; their
 *       names' and values' bytes count against {@code maxBytes} and come back when the attribute or
 *       the inode goes. Symlinks and special files keep none (Linux refuses {@code user.} ones).
 * </ul>
 */
package dev.jkernfs.memfs;
