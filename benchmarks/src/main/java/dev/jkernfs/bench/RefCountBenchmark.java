package dev.jkernfs.bench;

import dev.jkernfs.refs.RefCounted;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * An {@code incRef}/{@code decRef} pair on a {@link RefCounted} object with leak checking off,
 * against the floor it claims to reach: an increment/decrement pair on a bare {@link AtomicLong}.
 */
@State(Scope.Thread)
public class RefCountBenchmark extends BenchmarkDefaults {
  private final Counted counted = new Counted();
  private final AtomicLong atomic = new AtomicLong(1);

  @Benchmark
  public void refCountedPair() {
    counted.incRef();
    counted.decRef();
  }

  @Benchmark
  public void atomicLongPair() {
    atomic.incrementAndGet();
    atomic.decrementAndGet();
  }

  /** The smallest {@link RefCounted}: it holds nothing, so destroying it frees nothing. */
  static final class Counted extends RefCounted {
    @Override
    protected void destroy() {}

    @Override
    public String refType() {
      return "benchmark";
    }

    @Override
    public String leakDescription() {
      return "the counter of RefCountBenchmark";
    }
  }
}
