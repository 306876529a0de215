"""Train halftone-tiny: the conditional branch with the shared text encoder on captions, then the unconditional
branch on the empty prompt with the encoder frozen; flow-matching loss; export the bf16 master and FP8 reference.

The conditional branch sees the empty prompt in place of its caption for a share of its samples (caption dropout),
so it also learns the unconditional velocity; the unconditional branch starts as a copy of it and is fine-tuned on
the empty prompt alone. Training the unconditional branch from scratch costs a separate budget for a model that CFG
(v_u + g·(v_c − v_u), g = 4) weighs with −3, so errors of its own are amplified; starting from the conditional
weights keeps the two branches' errors alike and leaves almost all of the budget to the conditional branch.

x_t = (1 − t)·x0 + t·ε, target v = ε − x0 (docs/model.md §4); t = shift(sigmoid(n)), n ~ N(0, 1), with the
sampler's resolution shift m, so training sees the noise levels the shifted schedule visits. AdamW, bf16 autocast,
an EMA of the weights is what gets exported. Each branch trains for a wall-clock budget (the device lease is the
scarce thing); the steps actually taken are recorded with every hyperparameter in train-record.json.

Usage: python3 -m halftone_tiny.train --data DIR --out DIR [--cond-seconds S] [--uncond-seconds S] ...
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from .checkpoint import load_model_directory, save_model_directory
from .model import HalftoneBranch, HalftoneConfig, TextEncoder, tokenize


def load_dataset(folder: Path, config: HalftoneConfig, device: torch.device):
    """Images (N, 3, H, W) uint8 on the device, padded tokens (N, T) and their mask, and the data manifest."""
    with np.load(folder / "images.npz") as archive:
        images = archive["images"]  # (N, H, W, 3) uint8
    samples = [json.loads(line) for line in (folder / "samples.jsonl").read_text().splitlines()]
    if len(samples) != images.shape[0]:
        raise ValueError(f"{len(samples)} captions for {images.shape[0]} images")
    token_lists = [tokenize(sample["prompt"], config) for sample in samples]
    width = max(len(tokens) for tokens in token_lists)
    tokens = np.zeros((len(token_lists), width), dtype=np.int64)
    mask = np.zeros((len(token_lists), width), dtype=bool)
    for i, token_list in enumerate(token_lists):
        tokens[i, :len(token_list)] = token_list
        mask[i, :len(token_list)] = True
    manifest = json.loads((folder / "manifest.json").read_text())
    return (torch.from_numpy(images).permute(0, 3, 1, 2).contiguous().to(device),
            torch.from_numpy(tokens).to(device), torch.from_numpy(mask).to(device), manifest)


def training_times(batch: int, config: HalftoneConfig, generator: torch.Generator, device: torch.device):
    """t = m·u / (1 + (m − 1)·u), u = sigmoid(n), n ~ N(0, 1): logit-normal, shifted like the sampler."""
    mu = config.base_shift + (config.max_shift - config.base_shift) * (config.image_tokens - 256) / (4096 - 256)
    m = math.exp(mu)
    u = torch.sigmoid(torch.randn(batch, generator=generator, device=device))
    return m * u / (1 + (m - 1) * u)


class ExponentialMovingAverage:
    """Shadow weights updated as shadow ← d·shadow + (1 − d)·weights, d = min(decay, (1 + n) / (10 + n))."""

    def __init__(self, module: torch.nn.Module, decay: float):
        self.shadow = copy.deepcopy(module).eval().requires_grad_(False)
        self.decay = decay
        self.updates = 0

    @torch.no_grad()
    def update(self, module: torch.nn.Module) -> None:
        self.updates += 1
        d = min(self.decay, (1 + self.updates) / (10 + self.updates))
        torch._foreach_lerp_(list(self.shadow.parameters()), list(module.parameters()), 1 - d)


def learning_rate(peak: float, elapsed_share: float, steps: int, args) -> float:
    """Linear warmup over warmup_steps, then cosine decay over the time budget to peak·final_lr_share."""
    if steps < args.warmup_steps:
        return peak * (steps + 1) / args.warmup_steps
    cosine = 0.5 * (1 + math.cos(math.pi * min(1.0, elapsed_share)))
    return peak * (args.final_lr_share + (1 - args.final_lr_share) * cosine)


def train_branch(name: str, branch: HalftoneBranch, encoder: TextEncoder | None, frozen_encoder: TextEncoder | None,
                 data, seconds: float, args, seed: int, log, peak_lr: float, caption_dropout: float,
                 compiled: bool) -> dict:
    """Train one branch for `seconds`; returns its record. `encoder` trains along; `frozen_encoder` only feeds it.

    caption_dropout: share of the conditional samples whose caption is masked down to [BOS], the empty prompt.
    compiled: run the branch through torch.compile; its compile time is spent inside the budget.
    """
    images, tokens, mask, _ = data
    device = images.device
    config = branch.config
    generator = torch.Generator(device=device).manual_seed(seed)
    parameters = list(branch.parameters()) + (list(encoder.parameters()) if encoder is not None else [])
    optimizer = torch.optim.AdamW(parameters, lr=peak_lr, betas=(0.9, 0.99), weight_decay=args.weight_decay,
                                  fused=device.type == "cuda")
    branch_ema = ExponentialMovingAverage(branch, args.ema_decay)
    encoder_ema = ExponentialMovingAverage(encoder, args.ema_decay) if encoder is not None else None
    model = torch.compile(branch) if compiled else branch  # shares branch's parameters; the EMAs copied it before
    empty = torch.tensor([tokenize("", config)], device=device)
    first_key = torch.arange(tokens.shape[1], device=device) == 0
    losses = []
    steps = 0
    start = time.time()
    window = []
    while time.time() - start < seconds:
        index = torch.randint(0, images.shape[0], (args.batch,), generator=generator, device=device)
        x0 = images[index].float() / 127.5 - 1.0  # (B, 3, H, W) in [-1, 1]
        noise = torch.randn(x0.shape, generator=generator, device=device)
        t = training_times(args.batch, config, generator, device)
        x_t = (1 - t)[:, None, None, None] * x0 + t[:, None, None, None] * noise
        if device.type == "cuda":
            x_t = x_t.to(torch.bfloat16)  # the residual stream follows x's dtype: bf16 halves its memory traffic
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(peak_lr, (time.time() - start) / seconds, steps, args)
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
            if encoder is not None:  # conditional: captions, padded, masked as keys
                # a dropped caption keeps only its first key, [BOS] at position 0: exactly the empty prompt
                keep = torch.rand(args.batch, generator=generator, device=device) >= caption_dropout
                key_mask = mask[index] & (keep[:, None] | first_key[None, :])
                v = model(x_t, t, encoder(tokens[index]), key_mask)
            else:  # unconditional: the empty prompt [BOS]
                with torch.no_grad():
                    e = frozen_encoder(empty).expand(args.batch, -1, -1)
                v = model(x_t, t, e)
            loss = F.mse_loss(v.float(), noise - x0)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(parameters, args.grad_clip)
        optimizer.step()
        branch_ema.update(branch)
        if encoder_ema is not None:
            encoder_ema.update(encoder)
        steps += 1
        window.append(loss.detach())
        if steps % args.log_every == 0:
            mean = torch.stack(window).mean().item()
            window.clear()
            losses.append([steps, round(time.time() - start, 1), mean])
            log(f"{name} step {steps} t={time.time() - start:.0f}s loss={mean:.4f} lr={optimizer.param_groups[0]['lr']:.2e}")
    elapsed = time.time() - start
    log(f"{name}: {steps} steps in {elapsed:.0f} s ({steps * args.batch / elapsed:.0f} samples/s)")
    branch.load_state_dict(branch_ema.shadow.state_dict())
    if encoder is not None:
        encoder.load_state_dict(encoder_ema.shadow.state_dict())
    return {"steps": steps, "seconds": round(elapsed, 1), "samples_seen": steps * args.batch, "seed": seed,
            "peak_lr": peak_lr, "caption_dropout": caption_dropout, "compiled": compiled, "loss_log": losses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cond-seconds", type=float, default=300)
    parser.add_argument("--uncond-seconds", type=float, default=25)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--uncond-lr", type=float, default=2e-4, help="peak lr of the unconditional fine-tune")
    parser.add_argument("--caption-dropout", type=float, default=0.1)
    parser.add_argument("--compile", action="store_true", help="torch.compile the conditional branch")
    parser.add_argument("--final-lr-share", type=float, default=0.1)
    parser.add_argument("--warmup-steps", type=int, default=100)
    parser.add_argument("--weight-decay", type=float, default=0.01)
    parser.add_argument("--grad-clip", type=float, default=1.0)
    parser.add_argument("--ema-decay", type=float, default=0.998)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--log-every", type=int, default=250)
    parser.add_argument("--source-commit", default="unknown")
    parser.add_argument("--init-from", type=Path,
                        help="continue from a model directory (FP8 reference or bf16 master): its text encoder and "
                             "conditional branch, widened exactly to float32; otherwise adaLN-Zero initialisation")
    args = parser.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    args.out.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(message, flush=True)

    config = HalftoneConfig()
    data = load_dataset(args.data, config, device)
    manifest = data[3]
    log(f"data: {data[0].shape[0]} images, generator v{manifest['generator_version']} seed {manifest['seed']}; "
        f"device {torch.cuda.get_device_name() if device.type == 'cuda' else 'cpu'}, torch {torch.__version__}")

    torch.manual_seed(args.seed)
    if args.init_from is not None:
        init_config, encoder, cond, _ = load_model_directory(args.init_from)
        if init_config != config:
            raise ValueError(f"--init-from {args.init_from}: config {init_config} is not {config}")
        encoder.to(device)
        log(f"initialised from {args.init_from}")
    else:
        encoder = TextEncoder(config).to(device)
        torch.nn.init.normal_(encoder.embedding.weight, std=0.02)
        torch.nn.init.normal_(encoder.position.weight, std=0.02)
        cond = HalftoneBranch(config)
        cond.initialize_weights()
    cond.to(device).train()

    cond_record = train_branch("cond", cond, encoder, None, data, args.cond_seconds, args, args.seed * 2 + 1, log,
                               args.lr, args.caption_dropout, args.compile)
    encoder.eval().requires_grad_(False)
    uncond = HalftoneBranch(config).to(device).train()
    uncond.load_state_dict(cond.state_dict())  # the conditional EMA weights, which know the empty prompt
    # eager: a second compile (other shapes: one text token, no mask) would cost more than this budget
    uncond_record = train_branch("uncond", uncond, None, encoder, data, args.uncond_seconds, args,
                                 args.seed * 2 + 2, log, args.uncond_lr, 0.0, False)
    uncond_record["initialised_from"] = "cond (EMA weights at the end of its training)"
    cond_record["initialised_from"] = str(args.init_from) if args.init_from is not None else "adaLN-Zero"

    record = {"model": config.name, "source_commit": args.source_commit, "data": manifest,
              "hyperparameters": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
              "objective": "flow matching, x_t=(1-t)x0+t*eps, v=eps-x0, MSE; t=shift(sigmoid(N(0,1)))",
              "optimizer": "AdamW betas (0.9, 0.99), bf16 autocast with a bf16 residual stream, EMA weights exported",
              "torch": torch.__version__, "device": torch.cuda.get_device_name() if device.type == "cuda" else "cpu",
              "cond": cond_record, "uncond": uncond_record}
    (args.out / "train-record.json").write_text(json.dumps(record, indent=1) + "\n")
    metadata = {"model": config.name, "data_generator_version": str(manifest["generator_version"]),
                "data_seed": str(manifest["seed"]), "train_seed": str(args.seed), "source_commit": args.source_commit}
    cond.cpu()
    uncond.cpu()
    encoder.cpu()
    save_model_directory(args.out / "fp8", config, encoder, cond, uncond, True, {**metadata, "dtype": "fp8-reference"})
    save_model_directory(args.out / "bf16", config, encoder, cond, uncond, False, {**metadata, "dtype": "bf16-master"})
    log("exported fp8 reference and bf16 master")


if __name__ == "__main__":
    main()
