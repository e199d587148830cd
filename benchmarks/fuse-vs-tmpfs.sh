#!/usr/bin/env bash
# Throughput of real programs through a FUSE-mounted jkernfs against Linux tmpfs, as ratios.
#
#   benchmarks/fuse-vs-tmpfs.sh [RUNS]      (root; default 3 runs per figure, the median is kept)
#
# Three workloads: `find` over 100,000 files (100 directories of 1,000), `cat` of a 64 MiB file to
# /dev/null, and `tar x` of a 10,000-file archive (1 KiB each) from the host's disk. Each is timed
# on a fresh tmpfs and on two fresh jkernfs mounts (java -jar fuse/target/jkernfs-fuse.jar) in the
# same run: the default (no kernel caching of attributes and names) and --cache=1 (one second).
# Where Debian's bindfs is installed (a libfuse 2 passthrough written in C), the workloads also
# run through bindfs over a tmpfs with the same no-cache options: what FUSE itself costs.
# Set SKIP_BUILD=1 to reuse the jar, JAVA_HOME to choose the JDK.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar=fuse/target/jkernfs-fuse.jar

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -q -B -ntp -pl fuse -am package -DskipTests -Dmaven.test.skip=true
fi

work=$(mktemp -d /tmp/fuse-bench.XXXXXX)
tmpfs=$work/tmpfs
kernfs=$work/kernfs
cached=$work/cached
bindfs=$work/bindfs
mkdir -p "$tmpfs" "$kernfs" "$cached" "$bindfs" "$work/bindfs-under" "$work/src"
servers=()

cleanup() {
  umount "$tmpfs" 2>/dev/null || true
  umount "$kernfs" 2>/dev/null || true
  umount "$cached" 2>/dev/null || true
  umount "$bindfs" 2>/dev/null || true
  umount "$work/bindfs-under" 2>/dev/null || true
  for server in "${servers[@]}"; do wait "$server" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# serve DIR [OPTIONS]: mounts a fresh jkernfs at DIR and waits until it serves
serve() {
  local dir=$1 log
  shift
  log=$work/$(basename "$dir").log
  "$java" -Xmx4g -jar "$jar" "$dir" "$@" >"$log" 2>&1 &
  servers+=($!)
  for _ in $(seq 1 100); do
    grep -q '^mounted' "$log" 2>/dev/null && return
    sleep 0.1
  done
  cat "$log"
  exit 1
}

mount -t tmpfs -o size=2g tmpfs "$tmpfs"
serve "$kernfs"
serve "$cached" --cache=1
filesystems=(tmpfs kernfs cached)
if command -v bindfs >/dev/null; then
  mount -t tmpfs -o size=2g tmpfs "$work/bindfs-under"
  bindfs -o attr_timeout=0,entry_timeout=0,negative_timeout=0 "$work/bindfs-under" "$bindfs"
  filesystems+=(bindfs)
fi

# The inputs, made once on the host's disk.
(cd "$work/src" && mkdir files && for i in $(seq 1 10000); do head -c 1024 /dev/zero >"files/f$i"; done &&
  tar cf ../archive.tar files)

now() { date +%s%N; }

# median of the given numbers (nanoseconds)
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# time_runs SETUP COMMAND: runs SETUP (untimed) then COMMAND, RUNS times; prints the median in ns.
time_runs() {
  local setup=$1 command=$2 times=()
  for _ in $(seq 1 "$runs"); do
    bash -c "$setup"
    local start end
    start=$(now)
    bash -c "$command"
    end=$(now)
    times+=($((end - start)))
  done
  median "${times[@]}"
}

declare -A result
for fs in "${filesystems[@]}"; do
  dir=${!fs}
  # find: 100 directories of 1,000 empty files, built once per filesystem
  (cd "$dir" && mkdir tree && cd tree && for d in $(seq 1 100); do mkdir "d$d" && (cd "d$d" && touch $(seq -f 'f%g' 1 1000)); done)
  result[$fs.find]=$(time_runs "true" "find '$dir/tree' | wc -l >/dev/null")
  rm -rf "${dir:?}/tree"
  # cat: one 64 MiB file
  head -c $((64 << 20)) /dev/urandom >"$dir/big"
  result[$fs.cat]=$(time_runs "true" "cat '$dir/big' >/dev/null")
  rm -f "$dir/big"
  # tar x: 10,000 files of 1 KiB
  result[$fs.tar]=$(time_runs "rm -rf '$dir/x' && mkdir '$dir/x'" "tar xf '$work/archive.tar' -C '$dir/x'")
  rm -rf "${dir:?}/x"
done

echo
echo "FUSE-mounted jkernfs against tmpfs; $(nproc) cores; $("$java" -version 2>&1 | head -1); $(date -u +%Y-%m-%dT%H:%MZ); median of $runs runs"
echo
echo "| workload | tmpfs | jkernfs | ratio | jkernfs --cache=1 | ratio | bindfs over tmpfs | ratio | jkernfs / bindfs |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for w in find cat tar; do
  t=${result[tmpfs.$w]}
  k=${result[kernfs.$w]}
  c=${result[cached.$w]}
  b=${result[bindfs.$w]:-0}
  case $w in
    find) name='`find` over 100,000 files' ;;
    cat) name='`cat` of a 64 MiB file' ;;
    tar) name='`tar x` of a 10,000-file archive' ;;
  esac
  awk -v n="$name" -v t="$t" -v k="$k" -v c="$c" -v b="$b" 'BEGIN {
    printf "| %s | %.1f ms | %.1f ms | %.3fx | %.1f ms | %.3fx |", n, t / 1e6, k / 1e6, t / k, c / 1e6, t / c
    if (b > 0) printf " %.1f ms | %.3fx | %.2fx |\n", b / 1e6, t / b, b / k; else print " n/a | n/a | n/a |" }'
done
echo
echo "ratio: tmpfs time / that filesystem's time, i.e. its throughput as a fraction of tmpfs's;"
echo "jkernfs / bindfs: bindfs time / jkernfs time (default mounts, both without kernel caching)"
