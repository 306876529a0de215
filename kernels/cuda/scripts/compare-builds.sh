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
# Writes four files under --out (default: $OUT if set, else ./compare-out), few enough for the device tool to return
# several calls' worth: check.log; bench.log (the GPU, then each pass's output under "== base1", "== new1", ...);
# runs.jsonl (gpu_bench.py's lines, each with "run": "base1", ...); table.txt (each kernel's microseconds and ratio to
# cuBLAS BF16 of its own pass).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
module=$(cd "$here/.." && pwd)
base_lib="" base_python="" lib="$module/target/classes/native/linux-x86_64/libhalftone_cuda.so" passes=2
bench_args="--shapes small --only q4_K_packed_q8+quant" check_args="" skip_checks=0 out="${OUT:-$PWD/compare-out}"
while [ $# -gt 0 ]; do
  case "$1" in
    --base-lib|--base-python|--lib|--passes|--bench-args|--check-args|--out)
      if [ $# -lt 2 ]; then echo "$1 needs a value" >&2; exit 2; fi ;;
  esac
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
passes_dir=$(mktemp -d)
trap 'rm -rf "$passes_dir"' EXIT
status=0
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv > "$out/bench.log" 2>&1
if [ $skip_checks = 0 ]; then
  # shellcheck disable=SC2086
  PYTHONUNBUFFERED=1 python3 "$module/src/test/python/gpu_check.py" "$lib" $check_args > "$out/check.log" 2>&1 || status=1
  tail -1 "$out/check.log"
fi
names=()
for pass in $(seq 1 "$passes"); do
  for build in base new; do
    if [ $build = base ]; then python_dir=$base_python build_lib=$base_lib; else python_dir=$module/src/test/python build_lib=$lib; fi
    echo "== $build$pass" >> "$out/bench.log"
    # shellcheck disable=SC2086
    python3 "$python_dir/gpu_bench.py" "$build_lib" $bench_args --json "$passes_dir/$build$pass.jsonl" >> "$out/bench.log" 2>&1 || status=1
    names+=("$build$pass")
  done
done
python3 - "$passes_dir" "$out/runs.jsonl" "${names[@]}" > "$out/table.txt" <<'PY'
import json, os, sys
passes_dir, runs_path, names = sys.argv[1], sys.argv[2], sys.argv[3:]
runs = {}
with open(runs_path, "w") as sink:
    for n in names:
        path = os.path.join(passes_dir, n + ".jsonl")
        lines = [dict(json.loads(line), run=n) for line in open(path)] if os.path.exists(path) else []
        sink.writelines(json.dumps(r) + "\n" for r in lines)
        runs[n] = {(r["M"], r["K"], r["N"], r["kernel"]): r for r in lines}
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
