#!/usr/bin/env bash
# Runs the differential of operation sequences against the JDK's own provider on Linux
# (LinuxDifferential) for SECONDS (default 60), with the JDK in JAVA_HOME (or on the PATH):
# sequences run, each kind of divergence found (minimised, with both sides' outcomes and a replay
# line), and how many sequences each known divergence explained. Exits 1 on an unexplained
# divergence.
#
#   src-test-fuzz/differential.sh [SECONDS] [--uid N] [--seed S] [--known] [--replay 'STEPS']
#
# --uid N runs the reference side as user N (and group N) in a child JVM through setpriv, and
# jkernfs as that user; it needs root. --known also minimises and prints the first sequence of
# each known divergence. --replay runs one sequence, the "replay:" line of a report.
# Set MVN to change the Maven command (MVN="mvn -o" offline), DIFFERENTIAL_SKIP_BUILD=1 to use
# what the last build left.
set -euo pipefail
module=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$module")
MVN=${MVN:-mvn}
seconds=60
if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
fi
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

if [ "${DIFFERENTIAL_SKIP_BUILD:-}" != 1 ]; then
  echo "building the test classes..." >&2
  # In one reactor with the modules it uses, so that the class path names their fresh classes.
  (cd "$root" && $MVN -B -ntp -q -pl src-test-fuzz -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/differential.classpath)
fi
cp="$module/target/test-classes:$(cat "$module/target/differential.classpath")"
exec "$java" -Xmx1g -cp "$cp" dev.jkernfs.fuzz.LinuxDifferential "$seconds" "$@"
