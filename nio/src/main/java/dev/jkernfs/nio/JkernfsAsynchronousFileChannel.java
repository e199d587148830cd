package dev.jkernfs.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileLock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An {@link AsynchronousFileChannel} that runs each operation of a {@link JkernfsFileChannel} on
 * the given executor, or on a shared pool of daemon threads when none is given.
 */
final class JkernfsAsynchronousFileChannel extends AsynchronousFileChannel {
  private static final ExecutorService DEFAULT_POOL =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "jkernfs-async-io");
            thread.setDaemon(true);
            return thread;
          });

  private final JkernfsFileChannel channel;
  private final ExecutorService executor;

  JkernfsAsynchronousFileChannel(JkernfsFileChannel channel, ExecutorService executor) {
    this.channel = channel;
    this.executor = executor != null ? executor : DEFAULT_POOL;
  }

  @FunctionalInterface
  private interface IoTask<V> {
    V run() throws IOException;
  }

  private <V> Future<V> submit(IoTask<V> task) {
    CompletableFuture<V> future = new CompletableFuture<>();
    executor.execute(
        () -> {
          try {
            future.complete(task.run());
          } catch (IOException | RuntimeException e) {
            future.completeExceptionally(closedIfClosed(e));
          }
        });
    return future;
  }

  private <V, A> void submit(
      IoTask<V> task, A attachment, CompletionHandler<V, ? super A> handler) {
    executor.execute(
        () -> {
          V result;
          try {
            result = task.run();
          } catch (IOException | RuntimeException e) {
            handler.failed(closedIfClosed(e), attachment);
            return;
          }
          handler.completed(result, attachment);
        });
  }

  private Throwable closedIfClosed(Throwable e) {
    return e instanceof ClosedChannelException && !channel.isOpen()
        ? new AsynchronousCloseException()
        : e;
  }

  @Override
  public long size() throws IOException {
    return channel.size();
  }

  @Override
  public AsynchronousFileChannel truncate(long size) throws IOException {
    channel.truncate(size);
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    channel.force(metaData);
  }

  @Override
  public <A> void lock(
      long position,
      long size,
      boolean shared,
      A attachment,
      CompletionHandler<FileLock, ? super A> handler) {
    submit(() -> channel.lock(position, size, shared), attachment, handler);
  }

  @Override
  public Future<FileLock> lock(long position, long size, boolean shared) {
    return submit(() -> channel.lock(position, size, shared));
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return channel.tryLock(position, size, shared);
  }

  @Override
  public <A> void read(
      ByteBuffer dst, long position, A attachment, CompletionHandler<Integer, ? super A> handler) {
    submit(() -> channel.read(dst, position), attachment, handler);
  }

  @Override
  public Future<Integer> read(ByteBuffer dst, long position) {
    return submit(() -> channel.read(dst, position));
  }

  @Override
  public <A> void write(
      ByteBuffer src, long position, A attachment, CompletionHandler<Integer, ? super A> handler) {
    submit(() -> channel.write(src, position), attachment, handler);
  }

  @Override
  public Future<Integer> write(ByteBuffer src, long position) {
    return submit(() -> channel.write(src, position));
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
