package dev.jkernfs.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH settings every benchmark inherits, sized for a two-core machine: throughput in operations
 * per second, one fork with a fixed 4 GiB heap (a 64 MiB file, its copy and a 100,000-entry
 * directory fit with room to spare) and leak checking off, as a user runs jkernfs.
 *
 * <p>JMH reads these annotations from the superclass of a benchmark class; the command line ({@code
 * -f}, {@code -wi}, {@code -i}, {@code -w}, {@code -r}) still overrides them.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-Djkernfs.refs.leakMode=disabled"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class BenchmarkDefaults {}
