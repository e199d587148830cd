#!/usr/bin/env bash
# Proves the fuzzing finds what it must: for each seeded refcount bug of dev.jkernfs.vfs.Faults,
# fuzzes the NIO target (nioSequences) with that bug switched on for at most SECONDS (default 60),
# from a blank input rather than the committed seeds (several of which would hit the bugs at once),
# and prints a table: bug, found, time to find (JVM uptime at detection, startup included), length
# of the minimised sequence, and the leaked object the report names. Exits 1 unless all are found.
#
#   src-test-fuzz/faults.sh [SECONDS]
set -euo pipefail
seconds=${1:-60}
source "$(dirname "$0")/fuzz-env.sh"
build

# Not rename-skips-sequence-lock: it leaks nothing for this target to find; kernfs's
# RenameFaultTwinLincheckTest catches it.
FAULTS=(rename-victim-kept cached-lookup-extra-ref dynamic-dentry-not-dropped eviction-keeps-parent close-keeps-mount)
rows=()
missed=0
for fault in "${FAULTS[@]}"; do
  out=$module/target/faults/$fault
  rm -rf "$out"
  mkdir -p "$out/corpus"
  # A blank full-length script (all "mkdir /a"): libFuzzer mutates within the length of the longest
  # input it has, so this lets it build long sequences from the start. It holds no knowledge.
  head -c 257 /dev/zero >"$out/corpus/blank"
  echo "== $fault: fuzzing nioSequences for at most ${seconds}s"
  set +e
  (cd "$out" && FUZZ_FINDINGS=$out JKERNFS_FAULTS=$fault jazzer dev.jkernfs.fuzz.NioSequenceTarget \
    -max_total_time="$seconds" -artifact_prefix="$out/" --reproducer_path="$out" \
    "$out/corpus") >"$out/fuzz.log" 2>&1
  status=$?
  set -e
  if grep -q '^Leak root: ' "$out/fuzz.log"; then
    found=yes
    time=$(sed -n 's/^Found after \([0-9.]*\) s.*/\1 s/p' "$out/fuzz.log" | head -1)
    steps=$(sed -n 's/^Minimised to \([0-9]*\) step.*/\1/p' "$out/fuzz.log" | head -1)
    # The leaked object, without its counts: "dentry#812 /numbers/3 (inode 5)".
    leaked=$(sed -n 's/^Leak root: \(.*\) (refs=.*/\1/p' "$out/fuzz.log" | head -1)
  else
    found=no
    time="-"
    steps="-"
    leaked="(exit status $status)"
    missed=$((missed + 1))
  fi
  rows+=("$(printf '%-28s %-6s %-10s %-6s %s' "$fault" "$found" "$time" "$steps" "$leaked")")
  echo "   ${rows[-1]}"
done

echo
printf '%-28s %-6s %-10s %-6s %s\n' bug found "time" steps "leaked object named"
for row in "${rows[@]}"; do
  echo "$row"
done
echo
echo "Full reports: $module/target/faults/*/fuzz.log"
[ "$missed" -eq 0 ]
