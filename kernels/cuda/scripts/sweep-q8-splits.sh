#!/usr/bin/env bash
# Times the packed Q4_K x int8 kernel on the small-M shapes with every K split (cluster size) and k-warp count forced,
# beside the library's own choice, so that its cost model (k_splits in gemm_q4k_packed_q8.cu) can be checked or
# re-fitted against the kernel as it is now, in one lease.
# Usage: kernels/cuda/scripts/sweep-q8-splits.sh [--lib L] [--splits "1 2 3 4 6 8"] [--k-warps "1 2"] [--out DIR]
# Writes under --out (default: $OUT if set, else ./sweep-out): sweep.log (the GPU, then each setting's output),
# sweep.jsonl (gpu_bench.py's lines, each with "splits" and "k_warps"; 0 = the library's choice) and table.txt (per
# shape: the library's choice, the fastest forced setting, and how far the choice is from it). A split that does not
# divide a shape's super-blocks is refused by the library, so that shape has no time for it.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
module=$(cd "$here/.." && pwd)
lib="$module/target/classes/native/linux-x86_64/libhalftone_cuda.so" splits="1 2 3 4 6 8" k_warps="1 2"
out="${OUT:-$PWD/sweep-out}"
while [ $# -gt 0 ]; do
  case "$1" in
    --lib|--splits|--k-warps|--out)
      if [ $# -lt 2 ]; then echo "$1 needs a value" >&2; exit 2; fi ;;
  esac
  case "$1" in
    --lib) lib=$2; shift 2 ;;
    --splits) splits=$2; shift 2 ;;
    --k-warps) k_warps=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ ! -f "$lib" ]; then
  echo "no library at $lib (build it, or pass --lib)" >&2
  exit 2
fi
for value in $splits $k_warps; do
  if ! [[ $value =~ ^[1-9][0-9]*$ ]]; then
    echo "--splits and --k-warps take positive whole numbers, got '$value'" >&2
    exit 2
  fi
done
mkdir -p "$out"
runs_dir=$(mktemp -d)
trap 'rm -rf "$runs_dir"' EXIT
status=0
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv > "$out/sweep.log" 2>&1
settings=("0 0")
for kw in $k_warps; do
  for d in $splits; do settings+=("$d $kw"); done
done
for setting in "${settings[@]}"; do
  read -r d kw <<< "$setting"
  echo "== splits $d, k-warps $kw" >> "$out/sweep.log"
  env_args=()
  if [ "$d" != 0 ]; then env_args=(HT_Q4K_Q8_SPLITS="$d" HT_Q4K_Q8_K_WARPS="$kw"); fi
  env "${env_args[@]}" python3 "$module/src/test/python/gpu_bench.py" "$lib" --shapes small \
    --only q4_K_packed_q8+quant --json "$runs_dir/$d-$kw.jsonl" >> "$out/sweep.log" 2>&1 || status=1
done
python3 - "$runs_dir" "$out/sweep.jsonl" > "$out/table.txt" <<'PY'
import glob, json, os, sys
runs_dir, sink_path = sys.argv[1], sys.argv[2]
times = {}  # (M, K, N) -> {(splits, k_warps): (us, x_bf16)}
with open(sink_path, "w") as sink:
    for path in sorted(glob.glob(os.path.join(runs_dir, "*.jsonl"))):
        d, kw = map(int, os.path.basename(path)[:-len(".jsonl")].split("-"))
        for line in open(path):
            r = dict(json.loads(line), splits=d, k_warps=kw)
            sink.write(json.dumps(r) + "\n")
            if r["kernel"] != "cublas_bf16" and r.get("ms"):
                times.setdefault((r["M"], r["K"], r["N"]), {})[(d, kw)] = (r["ms"] * 1000, r["x_bf16"])
print("microseconds (ratio to cuBLAS BF16 in the same process); forced = splits x k-warps")
print(f"{'M':>4s} {'K':>5s} {'N':>5s} {'library choice':>14s} {'fastest forced':>23s} {'choice / fastest':>17s}")
for (M, K, N), by in sorted(times.items()):
    forced = {k: v for k, v in by.items() if k != (0, 0)}
    chosen = by.get((0, 0))
    if not forced or not chosen:
        continue
    (d, kw), (best_us, best_x) = min(forced.items(), key=lambda kv: kv[1][0])
    print(f"{M:4d} {K:5d} {N:5d} {chosen[0]:7.1f} ({chosen[1]:4.2f}) "
          f"{f'{d} x {kw}':>8s} {best_us:7.1f} ({best_x:4.2f}) {chosen[0] / best_us:17.2f}")
PY
cat "$out/table.txt"
exit $status
