#!/usr/bin/env bash
# GPU correctness checks and benchmarks of libhalftone_cuda, in one command for a machine with a GPU.
# Usage: kernels/cuda/scripts/gpu-test.sh [--lib PATH] [--java-home DIR --jars DIR] [--shapes core|full|small] [--skip-bench]
#                                         [--out DIR]
#   --lib        the library to test; default: the one the Maven build put in target/classes, else build it here
#                with CMake (no JNI bridge unless --java-home has include/jni.h)
#   --java-home  a JRE/JDK 25 to run the Java (JNI) checks with (GpuJniCheck, then GpuPlacementCheck; with the
#                benchmarks, GpuPlacementBench); without it
#                they are skipped (no Java is assumed)
#   --jars       the jars of the Java checks (scripts/prepare-device-bundle.sh makes both)
#   --out        where logs and JSON go (default: $OUT if set, else ./gpu-test-out)
# Python checks need torch with CUDA (the reference and the cuBLAS baselines). Exit status: non-zero on any failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
module=$(cd "$here/.." && pwd)
lib="" java_home="" jars="" shapes=core skip_bench=0 out="${OUT:-$PWD/gpu-test-out}"
while [ $# -gt 0 ]; do
  case "$1" in
    --lib) lib=$2; shift 2 ;;
    --java-home) java_home=$2; shift 2 ;;
    --jars) jars=$2; shift 2 ;;
    --shapes) shapes=$2; shift 2 ;;
    --skip-bench) skip_bench=1; shift ;;
    --out) out=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
status=0

if [ -z "$lib" ]; then
  lib="$module/target/classes/native/linux-x86_64/libhalftone_cuda.so"
  if [ ! -f "$lib" ]; then
    echo "== building libhalftone_cuda with CMake (no Maven build found)"
    jni=OFF
    if [ -n "$java_home" ] && [ -f "$java_home/include/jni.h" ]; then jni=ON; fi
    JAVA_HOME="$java_home" cmake -S "$module" -B /tmp/halftone-cuda-build -G Ninja -DHT_WITH_JNI=$jni >/dev/null || exit 1
    cmake --build /tmp/halftone-cuda-build || exit 1
    lib=/tmp/halftone-cuda-build/libhalftone_cuda.so
  fi
fi
echo "== library $lib"
# cuBLASLt, which the library loads for the weight-only layers above 64 rows: the CUDA toolkit's, else PyTorch's
# wheel's (the Java checks fail without it; the Python ones find the copy torch has loaded).
if [ -z "${HT_CUBLASLT_LIBRARY:-}" ]; then
  torch_nvidia=$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "..", "nvidia"))' 2>/dev/null)
  for candidate in /usr/local/cuda/lib64/libcublasLt.so.13 /usr/local/cuda/lib64/libcublasLt.so.12 \
                   ${torch_nvidia:+$(find "$torch_nvidia" -name 'libcublasLt.so.1[23]' 2>/dev/null)}; do
    if [ -f "$candidate" ]; then export HT_CUBLASLT_LIBRARY=$candidate; break; fi
  done
fi
echo "== cuBLASLt: ${HT_CUBLASLT_LIBRARY:-none found}"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem,temperature.gpu --format=csv | tee "$out/gpu.txt"

echo "== correctness (Python + torch reference)"
PYTHONUNBUFFERED=1 python3 "$module/src/test/python/gpu_check.py" "$lib" 2>&1 | tee "$out/check.log" || status=1

if [ -n "$java_home" ]; then
  echo "== correctness through Java and JNI"
  cp_jars=$(ls "$jars"/*.jar | tr '\n' ':')
  "$java_home/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp_jars" \
    -Dhalftone.cuda.library="$lib" dev.halftone.cuda.GpuJniCheck 2>&1 | tee "$out/java-check.log" || status=1
  echo "== the engine's linears placed on the GPU (GpuPlacementCheck: halftone-tiny FP8, Q4_K, W8A8 vs the CPU)"
  "$java_home/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "$cp_jars" \
    -Dhalftone.cuda.library="$lib" dev.halftone.cuda.GpuPlacementCheck 2>&1 | tee "$out/placement-check.log" || status=1
fi

if [ "$skip_bench" = 0 ]; then
  echo "== benchmark"
  target_ms=25; if [ "$shapes" = full ]; then target_ms=12; fi
  PYTHONUNBUFFERED=1 python3 "$module/src/test/python/gpu_bench.py" "$lib" --shapes "$shapes" --json "$out/bench.jsonl" \
    --target-ms $target_ms \
    2>&1 | tee "$out/bench.log" || status=1
  if [ -n "$java_home" ]; then
    echo "== a DiT forward with its linears on the GPU against the CPU (GpuPlacementBench)"
    "$java_home/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "$cp_jars" \
      -Dhalftone.cuda.library="$lib" dev.halftone.cuda.GpuPlacementBench 2>&1 | tee "$out/placement-bench.log" || status=1
  fi
fi
exit $status
