#!/usr/bin/env bash
# Runs on the device machine from the repository root (docs/tiny-model.md): tests, training, export, benchmark
# sampling. The data folder .device/tiny-data is made here by GenerateDataset and carried along.
#   smoke: a few seconds per branch, 8 prompts per set;  full: the budgets given (seconds per branch).
# Usage: train_on_device.sh smoke|full [COND_SECONDS UNCOND_SECONDS] [SOURCE_COMMIT]
set -euo pipefail
mode=$1
data=$PWD/.device/tiny-data
out=${OUT:?OUT must name the folder whose files come back}/run
export PYTHONUNBUFFERED=1
cd kernels/tiny-model/python
nvidia-smi --query-gpu=name,memory.used,memory.total --format=csv,noheader
if [ "$mode" = smoke ]; then
  python3 -m unittest discover -s tests 2>&1 | tail -25
  python3 -m halftone_tiny.train --data "$data" --out "$out" --cond-seconds 20 --uncond-seconds 8 --log-every 25 \
    --source-commit "${4:-unknown}"
  python3 -m halftone_tiny.sample_benchmark --model "$out/fp8" --benchmark "$data/benchmark.json" \
    --out "$out/generations.npz" --limit 8
  rm -rf "$out/bf16"
else
  # TRAIN_ARGS passes further hyperparameters (e.g. --batch 256); train-record.json records them all
  # shellcheck disable=SC2086
  python3 -m halftone_tiny.train --data "$data" --out "$out" --cond-seconds "$2" --uncond-seconds "$3" \
    --source-commit "${4:-unknown}" ${TRAIN_ARGS:-}
  python3 -m halftone_tiny.sample_benchmark --model "$out/fp8" --benchmark "$data/benchmark.json" \
    --out "$out/generations.npz"
  # the text encoder and config are the same bytes in both exports: bring them back once (8 files at most)
  rm "$out/bf16/config.json" "$out/bf16/text_encoder.safetensors"
fi
ls -la "$out" "$out"/*/
