/**
 * jkernfs as a {@code java.nio.file} provider: the {@code kernfs://NAME/} filesystems, their paths,
 * channels, directory streams, attribute views, file stores and watch services. {@link
 * dev.jkernfs.nio.Jkernfs} and {@link dev.jkernfs.nio.JkernfsFileSystemProvider} are the public
 * API, with the fault injection of {@link dev.jkernfs.nio.FaultInjector}, {@link
 * dev.jkernfs.nio.FaultRule} and {@link dev.jkernfs.nio.InjectedFault}; everything else is
 * package-private.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>A {@code JkernfsFileSystem} owns one {@link dev.jkernfs.vfs.VirtualFilesystem} (a memfs
 *       root and the configured mounts) and keeps the {@code FileSystem} SPI and the lifecycle; the
 *       path operations live in a {@code FileSystemView}, relative to a working directory: the root
 *       for the filesystem's own paths, the open directory for a {@code SecureDirectoryStream},
 *       which is just another view.
 *   <li>Every operation on a file goes through the VFS operations ({@code stat}, {@code open},
 *       {@code access}, {@code rename}, ...); nothing here reads or changes dentries or inodes
 *       itself, so the permission checks and errors are those of the VFS, as the FUSE mount sees
 *       them.
 *   <li>An errno becomes an exception in one place, {@code NioErrors}, which answers what the JDK's
 *       Linux provider throws for the same errno and operation; code tested here behaves the same
 *       on the default filesystem. A few messages the JDK builds without an errno (a NOFOLLOW open
 *       of a link, I/O errors on an open channel) are spelled where they arise.
 *   <li>Every channel, directory stream and watch service is registered with its filesystem while
 *       open ({@code OpenResources}); {@code close()} closes them all before it releases the VFS,
 *       after which the leak checker finds nothing of the filesystem alive.
 *   <li>A filesystem has one {@code Flavor} (Linux, Windows or macOS) for its life: its {@code
 *       PathSyntax} parses, prints and compares its paths and places them in the VFS (Unix paths as
 *       they are; a Windows drive {@code C:\} at {@code /C:}, a UNC root {@code \\host\share\} at
 *       {@code /UNC/host/share}, each resolved after its dots are taken out as text), its root
 *       memfs compares names by the flavour's {@code NameFolding}, and it offers that system's
 *       attribute views. The Linux flavour is exactly the JDK on Linux; the others change only
 *       these, over the same VFS and the same Linux errors.
 *   <li>A simulated power cut ({@code PowerCut}, behind {@link dev.jkernfs.nio.Jkernfs#crash})
 *       closes what {@code OpenResources} holds, as a reboot, and leaves the filesystem open; only
 *       then does the root memfs revert. {@code FileChannel.force}, and every write of a channel
 *       opened with {@code SYNC} or {@code DSYNC}, is the description's sync.
 *   <li>The {@code user} and {@code dos} views keep their data in the file's {@code user.} extended
 *       attributes, the DOS flags in {@code user.DOSATTRIB} as the JDK's Linux provider keeps them;
 *       like it, each call opens the file for reading and works on the descriptor. Secure directory
 *       streams offer neither, as the JDK's do not.
 *   <li>Each filesystem has one {@code FaultInjector}, the fault hook of its VFS: its rules are
 *       asked by the VFS itself, so a FUSE mount of the filesystem sees the same faults. An
 *       injected errno takes the same way as any other ({@code NioErrors}, or the channel's plain
 *       {@code IOException}); where the JDK makes a call again after EINTR (open, link, and a
 *       channel's read, write, force, truncate and lock), so does this package.
 *   <li>Credentials are those of the view's filesystem ({@code uid}, {@code gid} of its
 *       configuration), replaced per thread inside {@link dev.jkernfs.nio.Jkernfs#callAs}; each
 *       operation asks for them as it starts.
 * </ul>
 */
package dev.jkernfs.nio;
