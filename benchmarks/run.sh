#!/usr/bin/env bash
# Builds the benchmark jar, runs the JMH benchmarks whose names match a regex, keeps the JSON
# results and prints jkernfs's ratios to jimfs, memoryfilesystem and the arraycopy baseline.
#
#   benchmarks/run.sh [REGEX] [JMH OPTIONS...]    e.g. benchmarks/run.sh existsMissing -f 1 -wi 2 -i 3
#                                                 no REGEX: every JMH benchmark, settings of
#                                                 BenchmarkDefaults (one fork)
#   benchmarks/run.sh --quick [JMH OPTIONS...]    every JMH benchmark with short settings
#   benchmarks/run.sh --full [JMH OPTIONS...]     the verdict suite of issue 16: every JMH benchmark
#                                                 in three forks (-f 3 -wi 3 -i 3 -w 2s -r 1s), whose
#                                                 figures the report takes as the median of the
#                                                 forks' means, then heapPerFile and dynamicChurn;
#                                                 about 30 minutes on an idle 2-core machine
#   benchmarks/run.sh heapPerFile [FILES [DIRS]]  the heap-per-file figure (a plain program, not JMH)
#   benchmarks/run.sh dynamicChurn [LOOKUPS]      dentries and heap over a million dynamic lookups
#
# JMH options after --quick or --full join the mode's own (as -p fs=jkernfs,jimfs or -prof stack);
# JMH refuses an option given twice, so those modes take no -f, -wi, -i, -w or -r.
#
# Set JAVA_HOME to run on another JDK, SKIP_BUILD=1 to reuse benchmarks/target/benchmarks.jar,
# RESULTS=FILE to choose where the JSON goes (default benchmarks/target/results/), PROFILERS to
# replace the default profilers: heap and CPU time per operation, which the report puts beside the
# throughputs because they hardly move with other load on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar=benchmarks/target/benchmarks.jar
read -r -a profilers <<<"${PROFILERS--prof gc -prof dev.jkernfs.bench.CpuTimeProfiler}"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # maven.test.skip also skips compiling the tests, which the benchmarks do not need.
  mvn -q -B -ntp -pl benchmarks -am package -DskipTests -Dmaven.test.skip=true
fi

regex=${1:-.}
shift || true

dynamic_churn() {
  "$java" -Xms1g -Xmx1g -XX:+UseSerialGC -cp "$jar" dev.jkernfs.bench.DynamicChurn "$@"
}

heap_per_file() {
  # The serial collector compacts the whole heap on System.gc(), so "used after GC" is the live set.
  "$java" -Xms12g -Xmx12g -XX:+UseSerialGC -cp "$jar" dev.jkernfs.bench.HeapPerFile "$@"
}

full=0
if [ "$regex" = --quick ]; then
  # Every JMH benchmark once, short: about 4 minutes on 2 cores. Figures for a trend, not a verdict.
  regex=.
  set -- -f 1 -wi 1 -i 2 -w 1s -r 1s "$@"
elif [ "$regex" = --full ]; then
  # Issue 16 wants each figure to be the median of at least three forks: a JVM that happened to
  # compile a hot path badly then moves one fork, not the verdict.
  regex=.
  full=1
  set -- -f 3 -wi 3 -i 3 -w 2s -r 1s "$@"
fi

if [ "$regex" = dynamicChurn ]; then
  dynamic_churn "$@"
  exit
fi

if [ "$regex" = heapPerFile ]; then
  heap_per_file "$@"
  exit
fi

jdk=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')
results=${RESULTS:-benchmarks/target/results/$(date -u +%Y%m%dT%H%M%SZ)-jdk$jdk.json}
mkdir -p "$(dirname "$results")"

"$java" -jar "$jar" "$regex" "${profilers[@]}" "$@" -rf json -rff "$results"
echo
echo "JSON results: $results"
echo
"$java" -cp "$jar" dev.jkernfs.bench.Report "$results"

if [ "$full" = 1 ]; then
  # Both print their own verdict lines; a target they miss must not hide the other's figures.
  echo "heapPerFile:"
  heap_per_file || true
  echo
  echo "dynamicChurn:"
  dynamic_churn || true
fi
