#!/usr/bin/env bash
# Times two builds of libhalftone_cuda against each other in one lease (so on the same GPU, clocks and driver), each
# with its own copy of the Python benchmark (a C API may differ between builds), alternating so that drift shows.
# Usage: kernels/cuda/scripts/compare-builds.sh --base-lib L --base-python DIR [--lib L2] [--passes N]
#                                               [--bench-args "ARGS"] [--check-args "ARGS" | --skip-checks] [--out DIR]
#   --base-lib     the baseline library (e.g. built from main)
#   --base-python  that build's src/test/python folder (git show BASE:kernels/cuda/src/test/python/...)
#   --lib          the library under test (default: the one the Maven build put in target/classes)
#   --bench-args   gpu_bench.py arguments (default: --shapes small --only q4_K_packed_q8+quant)
#   --check-args   gpu_check.py's arguments after the library, which it checks first (timings of a build that fails
#                  its checks mean nothing); --skip-checks leaves the checks out
# Writes base<pass>.jsonl / new<pass>.jsonl and table.txt (each kernel's microseconds and ratio to cuBLAS BF16 of its
# own pass) under --out (default: $OUT if set, else ./compare-out).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
module=$(cd "$here/.." && pwd)
base_lib="" base_python="" lib="$module/target/classes/native/linux-x86_64/libhalftone_cuda.so" passes=2
bench_args="--shapes small --only q4_K_packed_q8+quant" check_args="" skip_checks=0 out="${OUT:-$PWD/compare-out}"
while [ $# -gt 0 ]; do
  case "$1" in
    --base-lib) base_lib=$2; shift 2 ;;
    --base-python) base_python=$2; shift 2 ;;
    --lib) lib=$2; shift 2 ;;
    --passes) passes=$2; shift 2 ;;
    --bench-args) bench_args=$2; shift 2 ;;
    --check-args) check_args=$2; shift 2 ;;
    --skip-checks) skip_checks=1; shift ;;
    --out) out=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ ! -f "$base_lib" ] || [ ! -f "$base_python/gpu_bench.py" ] || [ ! -f "$lib" ]; then
  echo "need --base-lib (a file), --base-python (a folder with gpu_bench.py) and --lib (a file)" >&2
  exit 2
fi
if ! [[ $passes =~ ^[1-9][0-9]*$ ]]; then
  echo "--passes must be a positive whole number, got '$passes'" >&2
  exit 2
fi
mkdir -p "$out"
status=0
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv > "$out/gpu.txt" 2>&1
if [ $skip_checks = 0 ]; then
  # shellcheck disable=SC2086
  PYTHONUNBUFFERED=1 python3 "$module/src/test/python/gpu_check.py" "$lib" $check_args > "$out/check.log" 2>&1 || status=1
  tail -1 "$out/check.log"
fi
names=()
for pass in $(seq 1 "$passes"); do
  # shellcheck disable=SC2086
  python3 "$base_python/gpu_bench.py" "$base_lib" $bench_args --json "$out/base$pass.jsonl" > "$out/base$pass.txt" 2>&1 || status=1
  # shellcheck disable=SC2086
  python3 "$module/src/test/python/gpu_bench.py" "$lib" $bench_args --json "$out/new$pass.jsonl" > "$out/new$pass.txt" 2>&1 || status=1
  names+=("base$pass" "new$pass")
done
python3 - "$out" "${names[@]}" > "$out/table.txt" <<'PY'
import json, os, sys
out, names = sys.argv[1], sys.argv[2:]
runs = {}
for n in names:
    path = os.path.join(out, n + ".jsonl")
    runs[n] = {(r["M"], r["K"], r["N"], r["kernel"]): r for r in map(json.loads, open(path))} if os.path.exists(path) else {}
keys = sorted({k for t in runs.values() for k in t if k[3] != "cublas_bf16"}, key=lambda k: (k[3], k[0], k[1], k[2]))
print("microseconds (ratio to cuBLAS BF16 in the same pass)")
print(f"{'kernel':24s} {'M':>4s} {'K':>5s} {'N':>5s} " + " ".join(f"{n:>13s}" for n in names))
for M, K, N, kernel in keys:
    cells = []
    for n in names:
        r = runs[n].get((M, K, N, kernel))
        cells.append(f"{r['ms'] * 1000:6.1f} ({r['x_bf16']:4.2f})" if r and r.get("ms") else f"{'-':>13s}")
    print(f"{kernel:24s} {M:4d} {K:5d} {N:5d} " + " ".join(cells))
PY
cat "$out/table.txt"
exit $status
