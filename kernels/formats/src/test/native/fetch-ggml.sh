#!/usr/bin/env bash
# Fetches the independent references the formats tests run against:
#  1. ggml's libggml-base.so (x86-64, built without FMA) from the npm package @node-llama-cpp/linux-x64@3.22.1,
#     unpacked under $1 and checked against the registry's sha512 pinned here;
#  2. the @huggingface/gguf reader, installed from src/test/node/package-lock.json.
# Idempotent: does nothing when both are already present. Needs node, npm and the npm registry.
set -euo pipefail

dest="$1"
node_dir="$2"
package="@node-llama-cpp/linux-x64@3.22.1"
tarball="node-llama-cpp-linux-x64-3.22.1.tgz"
sha512_hex="e6e0820cda9608d7da026f1a47f533c5ba381c1a4a80d17dd640873dea4a86032057638099ab6879f6ce94c8a1b2a0a21f639ddf913f7941d00856df44126e3a"
lib="$dest/package/bins/linux-x64/libggml-base.so"

if [[ ! -f "$lib" ]]; then
  mkdir -p "$dest"
  (cd "$dest" && npm pack --silent "$package" >/dev/null)
  echo "$sha512_hex  $dest/$tarball" | sha512sum --check --quiet
  tar -xzf "$dest/$tarball" -C "$dest" package/bins/linux-x64/libggml-base.so package/package.json
  rm -f "$dest/$tarball"
fi

if [[ ! -d "$node_dir/node_modules/@huggingface/gguf" ]]; then
  (cd "$node_dir" && npm ci --silent --no-audit --no-fund)
fi
