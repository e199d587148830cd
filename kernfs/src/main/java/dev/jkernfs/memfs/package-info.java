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
 *       zeros; a deleted file's pages are released when its inode dies, not cached.
 *   <li>Directories compare names by the filesystem's {@code NameFolding} (option {@code
 *       nameFolding}): exactly, as Linux, unless asked to fold case (Windows) or case and Unicode
 *       normalization (macOS); a child keeps the name it was created with.
 *   <li>Quotas ({@code maxBytes}, {@code maxInodes}, in {@code SpaceQuota}) are charged before a
 *       change is made, so ENOSPC leaves nothing half-written.
 * </ul>
 */
package dev.jkernfs.memfs;
