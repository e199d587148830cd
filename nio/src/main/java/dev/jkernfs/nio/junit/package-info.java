/**
 * JUnit 5 helpers that give a test a fresh jkernfs filesystem and fail it if anything in the
 * filesystem leaked: {@link dev.jkernfs.nio.junit.JkernfsExtension} for a {@code FileSystem}
 * parameter, {@link dev.jkernfs.nio.junit.JkernfsTempDirFactory} for {@code @TempDir}, each of the
 * Linux flavour unless a {@link dev.jkernfs.nio.junit.Flavor} asks for Windows or macOS.
 *
 * <p>Each filesystem lives for one test and is closed by the helper after it; the helpers use only
 * the public API of {@link dev.jkernfs.nio.Jkernfs}. Both take the settings of a filesystem as its
 * {@code env} map (built with {@link dev.jkernfs.nio.Jkernfs#env()}): the extension through its
 * constructor, registered with {@code @RegisterExtension}; the factory through the constructor of a
 * subclass, which {@code @TempDir(factory = ...)} names.
 */
package dev.jkernfs.nio.junit;
