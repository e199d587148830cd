# Sourced by fuzz.sh, faults.sh and replay.sh: finds a JDK 17 (Jazzer's fuzzing runs on 17 here;
# replay runs on any), builds this module's test classes with Maven and puts its test class path
# in FUZZ_CP. Set MVN to change the Maven command (MVN="mvn -o" offline), FUZZ_SKIP_BUILD=1 to use
# what the last build left.

module=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$module")
MVN=${MVN:-mvn}

# target name (its @FuzzTest method and corpus directory) = the class Jazzer's driver runs
TARGETS=(
  nioSequences=dev.jkernfs.fuzz.NioSequenceTarget
  differentialAgainstJimfs=dev.jkernfs.fuzz.JimfsDifferentialTarget
  kernfsInternals=dev.jkernfs.fuzz.KernfsInternalsTarget
  concurrentSequences=dev.jkernfs.fuzz.ConcurrentSequenceTarget
)

INPUTS=$module/src/test/resources/dev/jkernfs/fuzz/KernfsFuzzTestInputs

jdk17() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk* /usr/lib/jvm/temurin-17*; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] &&
      "$candidate/bin/java" -version 2>&1 | grep -q 'version "17'; then
      echo "$candidate"
      return
    fi
  done
  echo "no JDK 17 found (set JAVA_HOME to one)" >&2
  exit 1
}

JDK=$(jdk17)
JAVA=$JDK/bin/java

build() {
  if [ "${FUZZ_SKIP_BUILD:-}" != 1 ]; then
    echo "building the fuzz targets..."
    (cd "$root" && JAVA_HOME=$JDK $MVN -B -ntp -q -pl src-test-fuzz -am test-compile \
      dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz.classpath)
  fi
  FUZZ_CP="$module/target/test-classes:$(cat "$module/target/fuzz.classpath")"
}

# Jazzer's driver and libFuzzer flags shared by every run: coverage of jkernfs's own classes only,
# none of the injection sanitizers (they hook nothing a filesystem does and slow class loading),
# inputs up to a full script, and no libFuzzer memory limit (the JVM's heap is the limit).
SANITIZERS=com.code_intelligence.jazzer.sanitizers
JAZZER_FLAGS=(
  --instrument='dev.jkernfs.**'
  --disabled_hooks="$SANITIZERS.ClojureLangHooks,$SANITIZERS.Deserialization,$SANITIZERS.ExpressionLanguageInjection,$SANITIZERS.LdapInjection,$SANITIZERS.NamingContextLookup,$SANITIZERS.OsCommandInjection,$SANITIZERS.ReflectiveCall,$SANITIZERS.RegexInjection,$SANITIZERS.RegexRoadblocks,$SANITIZERS.ScriptEngineInjection,$SANITIZERS.ServerSideRequestForgery,$SANITIZERS.SqlInjection,$SANITIZERS.XPathInjection"
  -max_len=257
  -rss_limit_mb=0
  -print_final_stats=1
)

# Runs Jazzer's driver on target class $1 with the remaining arguments, in the current directory;
# minimised findings go to $FUZZ_FINDINGS, the seeded faults named in $JKERNFS_FAULTS are on.
jazzer() {
  local class=$1
  shift
  "$JAVA" -Xmx1g -XX:TieredStopAtLevel=1 -Djkernfs.refs.leakMode=throw \
    -Djkernfs.fuzz.findings="${FUZZ_FINDINGS:-$PWD}" \
    ${JKERNFS_FAULTS:+-Djkernfs.faults=$JKERNFS_FAULTS} \
    -cp "$FUZZ_CP" com.code_intelligence.jazzer.Jazzer --target_class="$class" \
    "${JAZZER_FLAGS[@]}" "$@"
}
