"""The Halftone DiT in PyTorch: the independent reference for docs/model.md and the module trained by train.py.

Sections follow docs/model.md: config (§1), text encoder (§2), one branch (§3) with its 2D RoPE (§3.1),
sampler (§4) with Philox noise (§4.1, in philox.py) and decoding (§4.2). Module attribute names are the
checkpoint tensor names, so `state_dict()` keys are exactly Halftone's safetensors names.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .philox import philox_normal

BOS_TOKEN = 256
VOCABULARY_SIZE = 257


# ---------------------------------------------------------------------------------------------------------------
# §1 Config
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HalftoneConfig:
    """The keys of config.json (docs/model.md §1)."""

    name: str = "halftone-tiny"
    image_height: int = 64
    image_width: int = 128
    channels: int = 3
    patch_size: int = 4
    hidden_size: int = 256
    num_layers: int = 6
    num_heads: int = 4
    ffn_hidden_size: int = 768
    text_hidden_size: int = 256
    text_max_tokens: int = 48
    timestep_embedding_size: int = 256
    rope_theta: float = 10000.0
    norm_eps: float = 1e-6
    default_guidance: float = 4.0
    base_shift: float = 0.5
    max_shift: float = 1.15

    @property
    def head_dim(self) -> int:
        return self.hidden_size // self.num_heads

    @property
    def patch_rows(self) -> int:
        return self.image_height // self.patch_size

    @property
    def patch_cols(self) -> int:
        return self.image_width // self.patch_size

    @property
    def image_tokens(self) -> int:
        return self.patch_rows * self.patch_cols

    @property
    def patch_dim(self) -> int:
        return self.channels * self.patch_size * self.patch_size

    @staticmethod
    def load(path: Path) -> "HalftoneConfig":
        return HalftoneConfig(**json.loads(Path(path).read_text()))

    def save(self, path: Path) -> None:
        Path(path).write_text(json.dumps(asdict(self), indent=2) + "\n")


# ---------------------------------------------------------------------------------------------------------------
# §2 Text encoder
# ---------------------------------------------------------------------------------------------------------------

def tokenize(prompt: str, config: HalftoneConfig) -> list[int]:
    """BOS = 256, then the prompt's UTF-8 bytes, truncated to text_max_tokens tokens in all."""
    return ([BOS_TOKEN] + list(prompt.encode("utf-8")))[: config.text_max_tokens]


class TextEncoder(nn.Module):
    """Byte embedding plus learned position: hidden_i = embedding[token_i] + position[i]. Names: text_encoder.*"""

    def __init__(self, config: HalftoneConfig):
        super().__init__()
        self.embedding = nn.Embedding(VOCABULARY_SIZE, config.text_hidden_size)  # (257, C)
        self.position = nn.Embedding(config.text_max_tokens, config.text_hidden_size)  # (T_max, C)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        """tokens (B, T) int64 -> hidden states (B, T, C)."""
        positions = torch.arange(tokens.shape[1], device=tokens.device)
        return self.embedding(tokens) + self.position(positions)[None]


# ---------------------------------------------------------------------------------------------------------------
# §3 One branch
# ---------------------------------------------------------------------------------------------------------------

def rmsnorm(x: torch.Tensor, weight: torch.Tensor | None, eps: float) -> torch.Tensor:
    """x / sqrt(mean(x^2) + eps) * weight, over the last dim; no weight where none is named."""
    normed = x / torch.sqrt(x.pow(2).mean(dim=-1, keepdim=True) + eps)
    return normed if weight is None else normed * weight


def modulate(x: torch.Tensor, shift: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    return x * (1 + scale) + shift


class RMSNorm(nn.Module):
    """RMSNorm with a learned weight of shape (dim)."""

    def __init__(self, dim: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return rmsnorm(x, self.weight, self.eps)


def timestep_frequencies(t: torch.Tensor, size: int) -> torch.Tensor:
    """t (B) -> [cos(1000t·f_k) for k < size/2] ++ [sin(1000t·f_k)], f_k = exp(-ln(10000)·k/(size/2)). (B, size)

    Angles in float64, rounded to float32 after cos/sin (§3); float64 t (precision tests) stays float64.
    """
    half = size // 2
    k = torch.arange(half, dtype=torch.float64, device=t.device)
    frequencies = torch.exp(-math.log(10000.0) * k / half)
    angles = (1000.0 * t.double())[:, None] * frequencies[None]
    features = torch.cat([torch.cos(angles), torch.sin(angles)], dim=-1)
    return features if t.dtype == torch.float64 else features.float()


class TimestepEmbedder(nn.Module):
    """temb = linear_2(silu(linear_1(tfreq))). Names: t_embedding.linear_1, t_embedding.linear_2."""

    def __init__(self, config: HalftoneConfig):
        super().__init__()
        self.frequency_size = config.timestep_embedding_size
        self.linear_1 = nn.Linear(config.timestep_embedding_size, config.hidden_size)
        self.linear_2 = nn.Linear(config.hidden_size, config.hidden_size)

    def forward(self, t: torch.Tensor) -> torch.Tensor:
        return self.linear_2(F.silu(self.linear_1(timestep_frequencies(t, self.frequency_size))))


def rope_angles(config: HalftoneConfig, device: torch.device | str = "cpu") -> torch.Tensor:
    """Angles (N_img, head_dim / 2) of §3.1: pair j of the first half turns by r·theta^(-2j/32), of the second by c·..."""
    quarter = config.head_dim // 4  # 16 pairs per half
    half = config.head_dim // 2  # 32 dims per half
    j = torch.arange(quarter, dtype=torch.float64, device=device)
    inverse_frequencies = config.rope_theta ** (-2.0 * j / half)  # (16)
    rows = torch.arange(config.patch_rows, dtype=torch.float64, device=device)
    cols = torch.arange(config.patch_cols, dtype=torch.float64, device=device)
    row_of_token = rows.repeat_interleave(config.patch_cols)  # row-major patch order
    col_of_token = cols.repeat(config.patch_rows)
    return torch.cat([row_of_token[:, None] * inverse_frequencies[None],
                      col_of_token[:, None] * inverse_frequencies[None]], dim=-1)  # (N_img, 32)


def apply_rope(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """Rotate pairs (2j, 2j+1) of x (B, heads, N_img, head_dim) by the angles whose cos/sin are (N_img, head_dim/2)."""
    x0 = x[..., 0::2]
    x1 = x[..., 1::2]
    rotated0 = x0 * cos - x1 * sin
    rotated1 = x0 * sin + x1 * cos
    return torch.stack([rotated0, rotated1], dim=-1).flatten(-2)


class Attention(nn.Module):
    """Joint text+image attention with per-head q/k RMSNorm and 2D RoPE on image tokens. Names: attention.*"""

    def __init__(self, config: HalftoneConfig):
        super().__init__()
        self.num_heads = config.num_heads
        self.head_dim = config.head_dim
        self.qkv = nn.Linear(config.hidden_size, 3 * config.hidden_size)
        self.o = nn.Linear(config.hidden_size, config.hidden_size)
        self.q_norm = RMSNorm(config.head_dim, config.norm_eps)  # (64), shared by the heads
        self.k_norm = RMSNorm(config.head_dim, config.norm_eps)

    def forward(self, a: torch.Tensor, text_tokens: int, rope_cos: torch.Tensor, rope_sin: torch.Tensor,
                key_mask: torch.Tensor | None) -> torch.Tensor:
        batch, length, hidden = a.shape
        qkv = self.qkv(a).view(batch, length, 3, self.num_heads, self.head_dim)  # q = [0,D), k = [D,2D), v = [2D,3D)
        q, k, v = qkv.permute(2, 0, 3, 1, 4)  # each (B, heads, T+N, 64)
        q = self.q_norm(q)
        k = self.k_norm(k)
        q = torch.cat([q[:, :, :text_tokens], apply_rope(q[:, :, text_tokens:], rope_cos, rope_sin)], dim=2)
        k = torch.cat([k[:, :, :text_tokens], apply_rope(k[:, :, text_tokens:], rope_cos, rope_sin)], dim=2)
        q, k = q.to(v.dtype), k.to(v.dtype)  # under bf16 autocast the float32 RoPE tables widen q and k
        attention_mask = None if key_mask is None else key_mask[:, None, None, :]
        o = F.scaled_dot_product_attention(q, k, v, attn_mask=attention_mask)  # softmax(q kᵀ / sqrt(64)) v
        return self.o(o.transpose(1, 2).reshape(batch, length, hidden))


class FeedForward(nn.Module):
    """SwiGLU: w2(silu(w1 f) · w3 f). Names: feed_forward.w1, w2, w3."""

    def __init__(self, config: HalftoneConfig):
        super().__init__()
        self.w1 = nn.Linear(config.hidden_size, config.ffn_hidden_size)
        self.w2 = nn.Linear(config.ffn_hidden_size, config.hidden_size)
        self.w3 = nn.Linear(config.hidden_size, config.ffn_hidden_size)

    def forward(self, f: torch.Tensor) -> torch.Tensor:
        return self.w2(F.silu(self.w1(f)) * self.w3(f))


class DiTBlock(nn.Module):
    """adaLN-modulated attention and SwiGLU with gated residuals. Names: layers.{i}.*"""

    def __init__(self, config: HalftoneConfig):
        super().__init__()
        self.adaln_modulation = nn.Linear(config.hidden_size, 6 * config.hidden_size)
        self.attention_norm = RMSNorm(config.hidden_size, config.norm_eps)
        self.attention = Attention(config)
        self.ffn_norm = RMSNorm(config.hidden_size, config.norm_eps)
        self.feed_forward = FeedForward(config)

    def forward(self, h: torch.Tensor, c: torch.Tensor, text_tokens: int, rope_cos: torch.Tensor,
                rope_sin: torch.Tensor, key_mask: torch.Tensor | None) -> torch.Tensor:
        shift_a, scale_a, gate_a, shift_f, scale_f, gate_f = self.adaln_modulation(F.silu(c))[:, None].chunk(6, dim=-1)
        a = modulate(self.attention_norm(h), shift_a, scale_a)  # (B, T+N, D)
        h = h + gate_a * self.attention(a, text_tokens, rope_cos, rope_sin, key_mask)
        f = modulate(self.ffn_norm(h), shift_f, scale_f)
        return h + gate_f * self.feed_forward(f)


class FinalLayer(nn.Module):
    """Weightless RMSNorm, adaLN modulation, projection to patch pixels. Names: final_layer.*"""

    def __init__(self, config: HalftoneConfig):
        super().__init__()
        self.eps = config.norm_eps
        self.adaln_modulation = nn.Linear(config.hidden_size, 2 * config.hidden_size)
        self.linear = nn.Linear(config.hidden_size, config.patch_dim)

    def forward(self, h_img: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
        shift, scale = self.adaln_modulation(F.silu(c))[:, None].chunk(2, dim=-1)
        return self.linear(modulate(rmsnorm(h_img, None, self.eps), shift, scale))  # (B, N, 3p²)


def patchify(x: torch.Tensor, patch_size: int) -> torch.Tensor:
    """(B, 3, H, W) -> (B, N, 3p²): row-major patch order, patch vector index (py·p + px)·3 + ch."""
    batch, channels, height, width = x.shape
    p = patch_size
    x = x.view(batch, channels, height // p, p, width // p, p)  # (B, ch, r, py, c, px)
    return x.permute(0, 2, 4, 3, 5, 1).reshape(batch, (height // p) * (width // p), p * p * channels)


def unpatchify(tokens: torch.Tensor, config: HalftoneConfig) -> torch.Tensor:
    """Inverse of patchify: (B, N, 3p²) -> (B, 3, H, W)."""
    p = config.patch_size
    batch = tokens.shape[0]
    x = tokens.view(batch, config.patch_rows, config.patch_cols, p, p, config.channels)  # (B, r, c, py, px, ch)
    return x.permute(0, 5, 1, 3, 2, 4).reshape(batch, config.channels, config.image_height, config.image_width)


class HalftoneBranch(nn.Module):
    """One separate-weight DiT branch (cond or uncond) of docs/model.md §3: (x, t, e) -> velocity."""

    def __init__(self, config: HalftoneConfig):
        super().__init__()
        self.config = config
        self.input_proj = nn.Linear(config.patch_dim, config.hidden_size)
        self.t_embedding = TimestepEmbedder(config)
        self.llm_cond_proj = nn.Linear(config.text_hidden_size, config.hidden_size)
        self.adaln_proj = nn.Linear(config.hidden_size, config.hidden_size)
        self.layers = nn.ModuleList(DiTBlock(config) for _ in range(config.num_layers))
        self.final_layer = FinalLayer(config)
        angles = rope_angles(config)
        self.register_buffer("rope_cos", torch.cos(angles).float(), persistent=False)
        self.register_buffer("rope_sin", torch.sin(angles).float(), persistent=False)

    def initialize_weights(self) -> None:
        """Xavier-uniform linears with zero biases; adaLN-Zero: modulation and output layers start at zero."""
        for module in self.modules():
            if isinstance(module, nn.Linear):
                nn.init.xavier_uniform_(module.weight)
                nn.init.zeros_(module.bias)
        nn.init.normal_(self.t_embedding.linear_1.weight, std=0.02)
        nn.init.normal_(self.t_embedding.linear_2.weight, std=0.02)
        for block in self.layers:  # every block starts as the identity
            nn.init.zeros_(block.adaln_modulation.weight)
            nn.init.zeros_(block.adaln_modulation.bias)
        nn.init.zeros_(self.final_layer.adaln_modulation.weight)
        nn.init.zeros_(self.final_layer.adaln_modulation.bias)
        nn.init.zeros_(self.final_layer.linear.weight)
        nn.init.zeros_(self.final_layer.linear.bias)

    def forward(self, x: torch.Tensor, t: torch.Tensor, e: torch.Tensor,
                text_mask: torch.Tensor | None = None) -> torch.Tensor:
        """x (B, 3, H, W), t (B), e (B, T, C) -> velocity (B, 3, H, W).

        text_mask (B, T) bool, True for real tokens, is a training convenience for batches of prompts of
        different lengths: masked text tokens are dropped as attention keys, which gives exactly the
        unpadded result of §3 for every real token. The reference path (text_mask None) is §3 verbatim.
        """
        config = self.config
        text_tokens = e.shape[1]
        img = self.input_proj(patchify(x, config.patch_size))  # (B, N, D)
        txt = self.llm_cond_proj(e)  # (B, T, D)
        temb = self.t_embedding(t)  # (B, D)
        c = self.adaln_proj(F.silu(temb))  # (B, D)
        h = torch.cat([txt, img], dim=1).to(x.dtype)  # (B, T+N, D), text first; the residual stays in x's dtype
        key_mask = None
        if text_mask is not None:
            image_mask = torch.ones(x.shape[0], img.shape[1], dtype=torch.bool, device=x.device)
            key_mask = torch.cat([text_mask, image_mask], dim=1)  # (B, T+N)
        for block in self.layers:
            h = block(h, c, text_tokens, self.rope_cos, self.rope_sin, key_mask)
        out = self.final_layer(h[:, text_tokens:], c)  # image tokens only, (B, N, 3p²)
        return unpatchify(out, config)


# ---------------------------------------------------------------------------------------------------------------
# §4 Sampler
# ---------------------------------------------------------------------------------------------------------------

def shifted_sigmas(steps: int, config: HalftoneConfig) -> list[float]:
    """σ'_i = m σ_i / (1 + (m − 1) σ_i), σ_i = 1 − i/S, m = exp(μ), μ by image-token count (§4). S+1 values."""
    mu = config.base_shift + (config.max_shift - config.base_shift) * (config.image_tokens - 256) / (4096 - 256)
    m = math.exp(mu)
    sigmas = [1.0 - i / steps for i in range(steps + 1)]
    return [m * s / (1.0 + (m - 1.0) * s) for s in sigmas]


def initial_noise(seed: int, config: HalftoneConfig) -> torch.Tensor:
    """ε (3, H, W) float32 from PhiloxNormal (§4.1)."""
    count = config.channels * config.image_height * config.image_width
    return torch.from_numpy(philox_normal(seed, count)).view(config.channels, config.image_height, config.image_width)


def decode_rgb8(x: torch.Tensor) -> np.ndarray:
    """(3, H, W) float -> (H, W, 3) uint8: clamp(round((x + 1)·127.5), 0, 255), float32, half to even (§4.2)."""
    pixels = torch.clamp(torch.round((x.float() + 1.0) * 127.5), 0, 255)
    return pixels.to(torch.uint8).permute(1, 2, 0).cpu().numpy()


@torch.no_grad()
def sample(cond: HalftoneBranch, uncond: HalftoneBranch, encoder: TextEncoder, prompts: list[str],
           seeds: list[int], steps: int, guidance: float) -> torch.Tensor:
    """Euler flow-matching sampler with CFG (§4) for a batch of prompts; returns x at σ'_S = 0, (B, 3, H, W).

    Prompts of different token counts are run one token count at a time so that every forward is §3 verbatim.
    """
    config = cond.config
    device = next(cond.parameters()).device
    x = torch.stack([initial_noise(seed, config) for seed in seeds]).to(device)
    sigmas = shifted_sigmas(steps, config)
    token_lists = [tokenize(prompt, config) for prompt in prompts]
    groups: dict[int, list[int]] = {}
    for index, tokens in enumerate(token_lists):
        groups.setdefault(len(tokens), []).append(index)
    empty = torch.tensor([tokenize("", config)], device=device)
    e_uncond = encoder(empty).float()  # (1, 1, C)
    e_cond = {length: encoder(torch.tensor([token_lists[i] for i in members], device=device)).float()
              for length, members in groups.items()}
    for i in range(steps):
        t = torch.full((x.shape[0],), sigmas[i], dtype=torch.float32, device=device)
        v_uncond = uncond(x, t, e_uncond.expand(x.shape[0], -1, -1))
        v_cond = torch.empty_like(x)
        for length, members in groups.items():
            index = torch.tensor(members, device=device)
            v_cond[index] = cond(x[index], t[index], e_cond[length])
        v = v_uncond + guidance * (v_cond - v_uncond)
        x = x + (sigmas[i + 1] - sigmas[i]) * v
    return x
