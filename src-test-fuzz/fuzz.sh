#!/usr/bin/env bash
# Fuzzes every target in turn for SECONDS each (default 60), starting from its committed inputs and
# the corpus earlier runs grew in .cifuzz-corpus/, and ends with a summary per target: executions,
# new corpus entries, findings. A finding's report (minimised steps, leak report, how to replay) is
# in the target's log under target/fuzz/; exits 1 if there was any.
#
#   src-test-fuzz/fuzz.sh [SECONDS]
set -euo pipefail
seconds=${1:-60}
source "$(dirname "$0")/fuzz-env.sh"
build

rows=()
total_findings=0
for entry in "${TARGETS[@]}"; do
  name=${entry%%=*}
  class=${entry#*=}
  corpus=$module/.cifuzz-corpus/$name
  out=$module/target/fuzz/$name
  rm -rf "$out"
  mkdir -p "$corpus" "$out"
  # libFuzzer mutates within the length of the longest input it has: a blank full-length script
  # (all "mkdir /a") lets it grow long sequences from the start, where the seeds are short.
  [ -e "$corpus/blank" ] || head -c 257 /dev/zero >"$corpus/blank"
  before=$(find "$corpus" -type f | wc -l)
  echo "== $name: fuzzing for ${seconds}s ($(find "$INPUTS/$name" -type f | wc -l) committed inputs, $before in the corpus)"
  set +e
  (cd "$out" && FUZZ_FINDINGS=$out jazzer "$class" \
    -max_total_time="$seconds" -artifact_prefix="$out/" --reproducer_path="$out" \
    "$corpus" "$INPUTS/$name") >"$out/fuzz.log" 2>&1 &
  pid=$!
  # Progress: libFuzzer's pulse lines and the first line of any finding, as they come.
  tail -n +1 -f "$out/fuzz.log" --pid=$pid 2>/dev/null |
    grep --line-buffered -E '^#[0-9]+[[:space:]]+(INITED|pulse|DONE)|^(LEAK|UNBALANCED_AUDIT|INVARIANT|UNEXPECTED_EXCEPTION|DIVERGENCE|DEADLOCK) in |^Leak root' |
    sed -u "s/^/  [$name] /"
  wait $pid
  status=$?
  set -e
  executions=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$out/fuzz.log" | awk '{print $2}' | tail -1)
  executions=${executions:-0}
  after=$(find "$corpus" -type f | wc -l)
  findings=$(find "$out" -maxdepth 1 -name 'crash-*' | wc -l)
  if [ "$status" -ne 0 ] && [ "$findings" -eq 0 ]; then
    findings="error $status"
    total_findings=$((total_findings + 1))
  else
    total_findings=$((total_findings + findings))
  fi
  rows+=("$(printf '%-26s %12s %10s %14s %10s' "$name" "$executions" "$((executions / seconds))" "$((after - before))" "$findings")")
done

echo
printf '%-26s %12s %10s %14s %10s\n' target executions exec/s "new corpus" findings
for row in "${rows[@]}"; do
  echo "$row"
done
if [ "$total_findings" != 0 ]; then
  echo
  echo "Findings: see the reports in $module/target/fuzz/*/fuzz.log"
  exit 1
fi
