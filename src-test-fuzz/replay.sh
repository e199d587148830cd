#!/usr/bin/env bash
# Replays one input through one target and prints the decoded steps and, on a finding, the report;
# TIMES replays an input whose failure depends on thread timing until it fails, at most that often.
# Set JKERNFS_FAULTS to switch seeded faults on.
#
#   src-test-fuzz/replay.sh TARGET INPUT [TIMES]
#   TARGET: nioSequences, differentialAgainstJimfs, kernfsInternals or concurrentSequences
set -euo pipefail
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  sed -n '2,8p' "$0" >&2
  exit 2
fi
input=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
source "$(dirname "$0")/fuzz-env.sh"
build
"$JAVA" -Djkernfs.refs.leakMode=throw ${JKERNFS_FAULTS:+-Djkernfs.faults=$JKERNFS_FAULTS} \
  -Djkernfs.fuzz.findings="$module/target/fuzz-findings" \
  -cp "$FUZZ_CP" dev.jkernfs.fuzz.Replay "$1" "$input" ${3:+"$3"}
