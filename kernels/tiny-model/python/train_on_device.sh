#!/usr/bin/env bash
# Runs on the device machine from the repository root (docs/tiny-model.md): tests, training, export, benchmark
# sampling. The data folder .device/tiny-data is made here by GenerateDataset and carried along.
#   smoke: a few seconds per branch, 8 prompts per set;  full: the budgets given (seconds per branch), the
#   conditional branch compiled.
# Usage: train_on_device.sh smoke|full [COND_SECONDS UNCOND_SECONDS] [SOURCE_COMMIT]
set -euo pipefail
mode=$1
data=${TINY_DATA:-$PWD/.device/tiny-data}  # TINY_DATA: another GenerateDataset folder (another seed)
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
  # the PyTorch tests run on spare CPU cores beside the training; their summary is printed at the end
  OMP_NUM_THREADS=4 timeout 240 python3 -m unittest discover -s tests >/tmp/unittest.log 2>&1 &
  tests=$!
  started=$SECONDS
  # TRAIN_ARGS passes further hyperparameters (e.g. --batch 256); train-record.json records them all
  # shellcheck disable=SC2086
  if ! python3 -m halftone_tiny.train --data "$data" --out "$out" --cond-seconds "$2" --uncond-seconds "$3" \
      --source-commit "${4:-unknown}" --compile ${TRAIN_ARGS:-}; then
    # a torch.compile failure shows within the first step: train eagerly in what is left of the budget
    spent=$((SECONDS - started))
    if [ "$spent" -gt 150 ]; then exit 1; fi
    echo "compiled training failed after $spent s; training eagerly"
    # shellcheck disable=SC2086
    python3 -m halftone_tiny.train --data "$data" --out "$out" --cond-seconds "$(($2 - spent))" \
      --uncond-seconds "$3" --source-commit "${4:-unknown}" ${TRAIN_ARGS:-}
  fi
  # the text encoder and config are the same bytes in both exports: bring them back once (8 files at most, and
  # before sampling, so that a call stopped at its limit still returns all the weights)
  rm "$out/bf16/config.json" "$out/bf16/text_encoder.safetensors"
  python3 -m halftone_tiny.sample_benchmark --model "$out/fp8" --benchmark "$data/benchmark.json" \
    --out "$out/generations.npz"
  wait "$tests" || true
  tail -8 /tmp/unittest.log
fi
ls -la "$out" "$out"/*/
