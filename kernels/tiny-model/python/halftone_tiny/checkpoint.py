"""Model directories of docs/model.md §6 in the checkpoint dtypes of §5: the bf16 master and the FP8 reference.

FP8 reference: each linear `.weight` is F8_E4M3 with a per-tensor F32 `<linear>.weight_scale` of shape (),
scale = max|W| / 448 of the bf16 master widened to float32 (so the largest weight maps to exactly ±448);
biases and norm weights are BF16; the text encoder is BF16.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

from .model import HalftoneBranch, HalftoneConfig, TextEncoder
from .numerics import (bf16_bits_from_float32, float32_from_bf16_bits, fp8_dequantize_to_bf16_bits,
                       fp8_quantize_per_tensor)
from .safetensors_io import StoredTensor, read_safetensors, write_safetensors

TEXT_ENCODER_PREFIX = "text_encoder."
WEIGHT_SCALE_SUFFIX = ".weight_scale"


def linear_weight_names(branch: HalftoneBranch) -> list[str]:
    """`<linear>.weight` of every Linear in the branch (6N + 7 of them)."""
    return [f"{name}.weight" for name, module in branch.named_modules() if isinstance(module, nn.Linear)]


def _bf16(tensor: torch.Tensor) -> StoredTensor:
    return StoredTensor("BF16", bf16_bits_from_float32(tensor.detach().float().cpu().numpy()))


def master_tensors(module: nn.Module, prefix: str = "") -> dict[str, StoredTensor]:
    """Every tensor as BF16 (round to nearest even from the float32 training weights)."""
    return {prefix + name: _bf16(value) for name, value in module.state_dict().items()}


def fp8_reference_tensors(branch: HalftoneBranch) -> dict[str, StoredTensor]:
    """Quantize the bf16 master of one branch: linear weights to F8_E4M3 + F32 scale, everything else BF16."""
    master = master_tensors(branch)
    tensors: dict[str, StoredTensor] = {}
    linear_weights = set(linear_weight_names(branch))
    for name, stored in master.items():
        if name in linear_weights:
            codes, scale = fp8_quantize_per_tensor(float32_from_bf16_bits(stored.array))
            tensors[name] = StoredTensor("F8_E4M3", codes)
            tensors[name.removesuffix(".weight") + WEIGHT_SCALE_SUFFIX] = StoredTensor(
                "F32", np.array(scale, dtype=np.float32).reshape(()))
        else:
            tensors[name] = stored
    return tensors


def widen_to_float32(tensors: dict[str, StoredTensor]) -> dict[str, torch.Tensor]:
    """Stored tensors -> the float32 values the arithmetic of §3 sees; FP8 weights dequantize per §5."""
    values: dict[str, torch.Tensor] = {}
    for name, stored in tensors.items():
        if name.endswith(WEIGHT_SCALE_SUFFIX):
            continue
        if stored.dtype == "BF16":
            array = float32_from_bf16_bits(stored.array)
        elif stored.dtype == "F8_E4M3":
            scale = tensors[name.removesuffix(".weight") + WEIGHT_SCALE_SUFFIX].array.reshape(())
            array = float32_from_bf16_bits(fp8_dequantize_to_bf16_bits(stored.array, np.float32(scale)))
        elif stored.dtype == "F32":
            array = stored.array
        else:
            raise ValueError(f"tensor {name}: dtype {stored.dtype} is not a Halftone weight dtype")
        values[name] = torch.from_numpy(np.array(array, dtype=np.float32))
    return values


def load_branch(path: Path, config: HalftoneConfig) -> HalftoneBranch:
    tensors, _ = read_safetensors(path)
    branch = HalftoneBranch(config)
    branch.load_state_dict(widen_to_float32(tensors), strict=True)
    return branch


def load_text_encoder(path: Path, config: HalftoneConfig) -> TextEncoder:
    tensors, _ = read_safetensors(path)
    values = {name.removeprefix(TEXT_ENCODER_PREFIX): value for name, value in widen_to_float32(tensors).items()}
    encoder = TextEncoder(config)
    encoder.load_state_dict(values, strict=True)
    return encoder


def load_model_directory(directory: Path) -> tuple[HalftoneConfig, TextEncoder, HalftoneBranch, HalftoneBranch]:
    directory = Path(directory)
    config = HalftoneConfig.load(directory / "config.json")
    return (config, load_text_encoder(directory / "text_encoder.safetensors", config),
            load_branch(directory / "cond.safetensors", config), load_branch(directory / "uncond.safetensors", config))


def save_model_directory(directory: Path, config: HalftoneConfig, encoder: TextEncoder, cond: HalftoneBranch,
                         uncond: HalftoneBranch, fp8_reference: bool, metadata: dict[str, str]) -> None:
    """Write config.json, text_encoder.safetensors (BF16) and both branches (FP8 reference or bf16 master)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    config.save(directory / "config.json")
    write_safetensors(directory / "text_encoder.safetensors", master_tensors(encoder, TEXT_ENCODER_PREFIX), metadata)
    for file_name, branch in (("cond.safetensors", cond), ("uncond.safetensors", uncond)):
        tensors = fp8_reference_tensors(branch) if fp8_reference else master_tensors(branch)
        write_safetensors(directory / file_name, tensors, metadata)
