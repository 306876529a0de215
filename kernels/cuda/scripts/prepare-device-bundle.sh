#!/usr/bin/env bash
# Prepares what gpu-test.sh --java-home/--jars need on a GPU machine that has no Java: a jlinked JRE 25 and the
# jars of the Java checks (the cuda jar and its test classes, and the engine and formats jars GpuPlacementCheck loads
# models with). Run here after `./mvnw -pl kernels/cuda install`; carry OUT_DIR/cuda-jre.tgz
# (unpack it there: tar xzf cuda-jre.tgz) and OUT_DIR/jars.
# Usage: kernels/cuda/scripts/prepare-device-bundle.sh [OUT_DIR]   (default: <repo>/.device, ignored by git)
set -euo pipefail
module=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$module/../.." && pwd)
out=${1:-$repo/.device}
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
rm -rf "$out/jre" "$out/jars"
mkdir -p "$out/jars"
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.unsupported,jdk.incubator.vector \
  --strip-debug --no-man-pages --no-header-files --compress=zip-9 --output "$out/jre"
cp "$module"/target/halftone-cuda-*-SNAPSHOT.jar "$out/jars/"
"$JAVA_HOME/bin/jar" cf "$out/jars/halftone-cuda-gpu-checks.jar" -C "$module/target/test-classes" .
m2=${MAVEN_REPO:-$HOME/.m2/repository}
for artifact in halftone-formats halftone-engine; do
  cp "$m2"/dev/halftone/$artifact/0.1.0-SNAPSHOT/$artifact-0.1.0-SNAPSHOT.jar "$out/jars/"
done
tar czf "$out/cuda-jre.tgz" -C "$out" jre
du -sh "$out/cuda-jre.tgz" "$out/jars"
