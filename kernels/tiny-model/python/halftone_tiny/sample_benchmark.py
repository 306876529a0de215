"""Sample halftone-tiny's benchmarks (benchmark.json from GenerateDataset) from a model directory with the
reference sampler of docs/model.md §4 (float32, no TF32) and save the decoded images for OCR elsewhere.

Writes generations.npz with `text` (N_text, H, W, 3) and `general` (N_general, H, W, 3) uint8, in benchmark order.
Usage: python3 -m halftone_tiny.sample_benchmark --model DIR --benchmark FILE --out FILE [--steps 48] [--guidance G]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from .checkpoint import load_model_directory
from .model import decode_rgb8, sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--benchmark", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--steps", type=int, default=48)
    parser.add_argument("--guidance", type=float, help="default: the config's default_guidance")
    parser.add_argument("--limit", type=int, help="first N prompts of each set only (smoke runs)")
    args = parser.parse_args()

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    config, encoder, cond, uncond = load_model_directory(args.model)
    encoder, cond, uncond = (m.to(device).eval() for m in (encoder, cond, uncond))
    guidance = config.default_guidance if args.guidance is None else args.guidance
    benchmark = json.loads(args.benchmark.read_text())
    arrays = {}
    for name in ("text", "general"):
        entries = benchmark[name][:args.limit]
        start = time.time()
        x = sample(cond, uncond, encoder, [e["prompt"] for e in entries], [e["seed"] for e in entries],
                   args.steps, guidance)
        arrays[name] = np.stack([decode_rgb8(image) for image in x])
        print(f"{name}: {len(entries)} prompts, {args.steps} steps, guidance {guidance}: {time.time() - start:.1f} s",
              flush=True)
    np.savez_compressed(args.out, **arrays)


if __name__ == "__main__":
    main()
