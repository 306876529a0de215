#!/usr/bin/env bash
# Builds libhalftone_cuda with CMake + nvcc and puts it where the jar picks it up
# (target/classes/native/linux-x86_64/). Called by Maven (exec-maven-plugin, process-classes).
# With no nvcc on the PATH it says so and builds nothing: the jar then has no native library and
# CudaLibraryLoader reports that at run time (the CPU backends are used).
set -euo pipefail
module_dir=$(cd "$(dirname "$0")/../../.." && pwd)
build_dir="$module_dir/target/native"
out_dir="$module_dir/target/classes/native/linux-x86_64"

if ! command -v nvcc >/dev/null 2>&1; then
  echo "[halftone-cuda] nvcc not found on PATH: skipping the CUDA build; this jar will carry no native library"
  exit 0
fi
if ! command -v cmake >/dev/null 2>&1; then
  echo "[halftone-cuda] nvcc is on PATH but cmake is not: install cmake (Debian: apt-get install cmake ninja-build)" >&2
  exit 1
fi
if [ ! -f "${JAVA_HOME:-}/include/jni.h" ]; then
  echo "[halftone-cuda] no jni.h under JAVA_HOME='${JAVA_HOME:-}': point JAVA_HOME at a JDK 25" >&2
  exit 1
fi
mkdir -p "$module_dir/target"
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
cmake -S "$module_dir" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CUDA_COMPILER="$(command -v nvcc)" >"$build_dir.configure.log" 2>&1 \
  || { cat "$build_dir.configure.log"; exit 1; }
cmake --build "$build_dir" --parallel "${HT_BUILD_JOBS:-2}"
mkdir -p "$out_dir"
cp "$build_dir/libhalftone_cuda.so" "$out_dir/"
echo "[halftone-cuda] built $out_dir/libhalftone_cuda.so"
