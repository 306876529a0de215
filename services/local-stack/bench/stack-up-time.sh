#!/usr/bin/env bash
# Times `halftone stack up` end to end (CLI start included) until both servers answer and the topics and buckets
# exist: run 1 on an empty data directory (storage format, class-data archives written), then warm runs that
# reuse it. Prints each time, the median warm time, its ratio to the 15 s target, and the load average.
# Usage: services/local-stack/bench/stack-up-time.sh [warm runs, default 5]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
RUNS="${1:-5}"
DATA="$(mktemp -d)"
# ports away from the defaults, so a running default stack is left alone
PORTS=(--kafka-port 19092 --controller-port 19093 --s3-port 19000 --data-dir "$DATA")
trap '"$ROOT/halftone" stack down --data-dir "$DATA" >/dev/null 2>&1 || true; rm -rf "$DATA"' EXIT

"$ROOT/halftone" --version >/dev/null  # builds the CLI when stale, outside the timing

time_up() {
  local start end
  start=$(date +%s.%N)
  "$ROOT/halftone" stack up "${PORTS[@]}" >/dev/null 2>"$DATA.err" || { cat "$DATA.err" >&2; exit 1; }
  end=$(date +%s.%N)
  "$ROOT/halftone" stack down --data-dir "$DATA" >/dev/null
  echo "$end - $start" | bc
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo "cold (empty data directory): $(time_up) s"
warm=()
for i in $(seq "$RUNS"); do
  warm+=("$(time_up)")
  echo "warm $i: ${warm[-1]} s"
done
median=$(printf '%s\n' "${warm[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
echo "median warm: $median s = $(echo "scale=2; $median / 15" | bc) x the 15 s target"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
