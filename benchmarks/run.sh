#!/usr/bin/env bash
# Builds the benchmark jar, runs the JMH benchmarks whose names match a regex, keeps the JSON
# results and prints jkernfs's ratios to jimfs, memoryfilesystem and the arraycopy baseline.
#
#   benchmarks/run.sh [REGEX] [JMH OPTIONS...]    e.g. benchmarks/run.sh existsMissing -f 1 -wi 2 -i 3
#   benchmarks/run.sh --quick [JMH OPTIONS...]    every JMH benchmark with short settings
#   benchmarks/run.sh heapPerFile [FILES [DIRS]]  the heap-per-file figure (a plain program, not JMH)
#   benchmarks/run.sh dynamicChurn [LOOKUPS]      dentries and heap over a million dynamic lookups
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

if [ "$regex" = --quick ]; then
  # Every JMH benchmark once, short: about 3 minutes on 2 cores. Figures for a trend, not a verdict.
  regex=.
  set -- -f 1 -wi 1 -i 2 -w 1s -r 1s "$@"
fi

if [ "$regex" = dynamicChurn ]; then
  exec "$java" -Xms1g -Xmx1g -XX:+UseSerialGC -cp "$jar" dev.jkernfs.bench.DynamicChurn "$@"
fi

if [ "$regex" = heapPerFile ]; then
  # The serial collector compacts the whole heap on System.gc(), so "used after GC" is the live set.
  exec "$java" -Xms12g -Xmx12g -XX:+UseSerialGC -cp "$jar" dev.jkernfs.bench.HeapPerFile "$@"
fi

jdk=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')
results=${RESULTS:-benchmarks/target/results/$(date -u +%Y%m%dT%H%M%SZ)-jdk$jdk.json}
mkdir -p "$(dirname "$results")"

"$java" -jar "$jar" "$regex" "${profilers[@]}" "$@" -rf json -rff "$results"
echo
echo "JSON results: $results"
echo
"$java" -cp "$jar" dev.jkernfs.bench.Report "$results"
