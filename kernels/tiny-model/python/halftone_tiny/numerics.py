"""BF16 and F8_E4M3 (the "FN" variant: bias 7, max 448, no infinities, S.1111.111 = NaN) in NumPy.

Bits are carried as uint16 (bf16) and uint8 (fp8); every rounding is to nearest, ties to even, as
docs/model.md §5 requires. Used by the exporter; the device's PyTorch is not needed to write checkpoints.
"""

from __future__ import annotations

import numpy as np

FP8_E4M3_MAX = 448.0


def bf16_bits_from_float32(values: np.ndarray) -> np.ndarray:
    """float32 -> bf16 bits (uint16), round to nearest even. Rejects NaN and infinities."""
    values = np.ascontiguousarray(values, dtype=np.float32)
    if not np.all(np.isfinite(values)):
        raise ValueError("bf16 conversion of a non-finite value")
    bits = values.view(np.uint32).astype(np.uint64)
    rounding = ((bits >> 16) & 1) + 0x7FFF  # ties go to the even upper half
    return ((bits + rounding) >> 16).astype(np.uint16)


def float32_from_bf16_bits(bits: np.ndarray) -> np.ndarray:
    return (np.asarray(bits, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)


def _fp8_e4m3_decode_table() -> np.ndarray:
    """Value of each of the 256 codes as float32 (NaN for S.1111.111)."""
    table = np.empty(256, dtype=np.float32)
    for code in range(256):
        sign = -1.0 if code & 0x80 else 1.0
        exponent = (code >> 3) & 0xF
        mantissa = code & 0x7
        if exponent == 0xF and mantissa == 0x7:
            table[code] = np.nan
        elif exponent == 0:
            table[code] = sign * mantissa * 2.0 ** -9  # subnormal: m/8 · 2^(1−7)
        else:
            table[code] = sign * (1.0 + mantissa / 8.0) * 2.0 ** (exponent - 7)
    return table


FP8_E4M3_VALUES = _fp8_e4m3_decode_table()
_POSITIVE_CODES = np.arange(0x7F, dtype=np.uint8)  # 0x00 .. 0x7E: every finite non-negative value, ascending
_POSITIVE_VALUES = FP8_E4M3_VALUES[:0x7F].astype(np.float64)


def fp8_e4m3_decode(codes: np.ndarray) -> np.ndarray:
    """uint8 codes -> float32 values; NaN codes are rejected as at load (§5)."""
    codes = np.asarray(codes, dtype=np.uint8)
    if np.any((codes & 0x7F) == 0x7F):
        raise ValueError("F8_E4M3 NaN code (S.1111.111) in a weight")
    return FP8_E4M3_VALUES[codes]


def fp8_e4m3_encode(values: np.ndarray) -> np.ndarray:
    """float32 -> F8_E4M3 codes, round to nearest even; |x| above 448 is rejected (the caller scales first)."""
    values = np.asarray(values, dtype=np.float32)
    magnitude = np.abs(values).astype(np.float64)
    if not np.all(np.isfinite(magnitude)) or np.any(magnitude > FP8_E4M3_MAX):
        raise ValueError("F8_E4M3 encode needs finite values with |x| <= 448")
    upper = np.clip(np.searchsorted(_POSITIVE_VALUES, magnitude, side="left"), 0, 0x7E)  # first value >= |x|
    lower = np.maximum(upper - 1, 0)
    distance_up = _POSITIVE_VALUES[upper] - magnitude
    distance_down = magnitude - _POSITIVE_VALUES[lower]
    lower_is_even = (_POSITIVE_CODES[lower] & 1) == 0
    take_lower = (distance_down < distance_up) | ((distance_down == distance_up) & lower_is_even)
    codes = np.where(take_lower, _POSITIVE_CODES[lower], _POSITIVE_CODES[upper]).astype(np.uint8)
    return np.where(np.signbit(values), codes | 0x80, codes).astype(np.uint8)  # the sign survives rounding to 0


def fp8_quantize_per_tensor(weight: np.ndarray) -> tuple[np.ndarray, np.float32]:
    """Per-tensor scale = max|W| / 448 (float32); codes = E4M3(W / scale). W is the bf16 master widened to float32."""
    weight = np.asarray(weight, dtype=np.float32)
    largest = np.float32(np.max(np.abs(weight)))
    scale = np.float32(largest / np.float32(FP8_E4M3_MAX)) if largest > 0 else np.float32(1.0)
    scaled = np.clip(weight / scale, -FP8_E4M3_MAX, FP8_E4M3_MAX)  # float32 division may land an ulp above 448
    return fp8_e4m3_encode(scaled), scale


def fp8_dequantize_to_bf16_bits(codes: np.ndarray, scale: np.float32) -> np.ndarray:
    """w = bf16_rne(f32(fp8_decode(q) · scale)) of §5, as bf16 bits."""
    return bf16_bits_from_float32(fp8_e4m3_decode(codes) * np.float32(scale))
