/**
 * JUnit 5 helpers that give a test a fresh jkernfs filesystem and fail it if anything in the
 * filesystem leaked: {@link dev.jkernfs.nio.junit.JkernfsExtension} for a {@code FileSystem}
 * parameter, {@link dev.jkernfs.nio.junit.JkernfsTempDirFactory} for {@code @TempDir}, each of the
 * Linux flavour unless a {@link dev.jkernfs.nio.junit.Flavor} asks for Windows or macOS.
 *
 * <p>Each filesystem lives for one test and is closed by the helper after it; the helpers use only
 * the public API of {@link dev.jkernfs.nio.Jkernfs}.
 */
package dev.jkernfs.nio.junit;
