"""NumPy-only checks of the noise generator, the number formats and the safetensors codec (run anywhere)."""

import tempfile
import unittest
from pathlib import Path

import numpy as np

from halftone_tiny.numerics import (bf16_bits_from_float32, float32_from_bf16_bits, fp8_dequantize_to_bf16_bits,
                                    fp8_e4m3_decode, fp8_e4m3_encode, fp8_quantize_per_tensor)
from halftone_tiny.philox import philox4x32_10, philox_normal
from halftone_tiny.safetensors_io import StoredTensor, read_safetensors, write_safetensors


class PhiloxTest(unittest.TestCase):
    def test_random123_known_answers(self):
        cases = [((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
                 ((0xFFFFFFFF,) * 4, (0xFFFFFFFF, 0xFFFFFFFF), (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
                 ((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344), (0xA4093822, 0x299F31D0),
                  (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1))]
        for counter, key, expected in cases:
            got = philox4x32_10(np.array([counter], dtype=np.uint64), key)[0]
            self.assertEqual([int(x) for x in got], list(expected))

    def test_first_normals_follow_box_muller_of_block_zero(self):
        seed = 0x0123456789ABCDEF
        r0, r1, r2, r3 = (float(x) for x in philox4x32_10(np.zeros((1, 4), dtype=np.uint64),
                                                           (seed & 0xFFFFFFFF, seed >> 32))[0])
        radius = np.sqrt(-2 * np.log((r0 + 1) * 2.0 ** -32))
        theta = 2 * np.pi * r1 * 2.0 ** -32
        normals = philox_normal(seed, 5)
        self.assertEqual(normals[0], np.float32(radius * np.cos(theta)))
        self.assertEqual(normals[1], np.float32(radius * np.sin(theta)))
        radius = np.sqrt(-2 * np.log((r2 + 1) * 2.0 ** -32))
        self.assertEqual(normals[3], np.float32(radius * np.sin(2 * np.pi * r3 * 2.0 ** -32)))

    def test_stream_is_standard_normal(self):
        normals = philox_normal(1000, 3 * 64 * 128)
        self.assertAlmostEqual(float(normals.mean()), 0.0, delta=0.03)
        self.assertAlmostEqual(float(normals.std()), 1.0, delta=0.03)
        self.assertFalse(np.array_equal(normals, philox_normal(1001, normals.size)))


class NumberFormatTest(unittest.TestCase):
    def test_bf16_rounds_to_nearest_even(self):
        one = np.float32(1.0)
        ulp = np.float32(2.0 ** -7)  # bf16 spacing at 1
        values = np.array([one + ulp / 2, one + ulp * 1.5, one + ulp / 2 + ulp / 64], dtype=np.float32)
        widened = float32_from_bf16_bits(bf16_bits_from_float32(values))
        np.testing.assert_array_equal(widened, np.array([1.0, 1.0 + 2 * ulp, 1.0 + ulp], dtype=np.float32))

    def test_fp8_decode_landmarks(self):
        codes = np.array([0x00, 0x01, 0x08, 0x38, 0x7E, 0xFE, 0x80], dtype=np.uint8)
        np.testing.assert_array_equal(fp8_e4m3_decode(codes),
                                      np.array([0, 2.0 ** -9, 2.0 ** -6, 1.0, 448, -448, 0], dtype=np.float32))
        with self.assertRaises(ValueError):
            fp8_e4m3_decode(np.array([0x7F], dtype=np.uint8))

    def test_fp8_encode_round_trips_every_finite_code(self):
        codes = np.array([c for c in range(256) if c & 0x7F != 0x7F], dtype=np.uint8)
        np.testing.assert_array_equal(fp8_e4m3_encode(fp8_e4m3_decode(codes)), codes)

    def test_fp8_encode_ties_to_even(self):
        # 1.0 (0x38) and 1.125 (0x39): the midpoint goes to the even code 0x38; 1.125..1.25 midpoint to 0x3A
        values = np.array([1.0625, 1.1875, 1.0626, -1.0625], dtype=np.float32)
        np.testing.assert_array_equal(fp8_e4m3_encode(values), np.array([0x38, 0x3A, 0x39, 0xB8], dtype=np.uint8))

    def test_per_tensor_scale_maps_the_largest_weight_to_448(self):
        weight = np.array([[0.5, -2.0], [0.25, 1.0]], dtype=np.float32)
        codes, scale = fp8_quantize_per_tensor(weight)
        self.assertEqual(scale, np.float32(2.0 / 448))
        self.assertEqual(int(codes[0, 1]), 0xFE)
        np.testing.assert_allclose(fp8_e4m3_decode(codes) * scale, weight, rtol=1 / 16)


class SafetensorsTest(unittest.TestCase):
    def test_round_trip_keeps_dtype_shape_and_bytes(self):
        tensors = {"b.weight": StoredTensor("BF16", np.arange(6, dtype=np.uint16).reshape(2, 3)),
                   "a.weight": StoredTensor("F8_E4M3", np.array([[1, 2], [3, 0x7E]], dtype=np.uint8)),
                   "a.weight_scale": StoredTensor("F32", np.array(0.5, dtype=np.float32).reshape(()))}
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "t.safetensors"
            write_safetensors(path, tensors, {"generator": "test"})
            raw = path.read_bytes()
            self.assertEqual(int.from_bytes(raw[:8], "little") % 8, 0)
            loaded, metadata = read_safetensors(path)
        self.assertEqual(metadata, {"generator": "test"})
        self.assertEqual(set(loaded), set(tensors))
        for name, tensor in tensors.items():
            self.assertEqual(loaded[name].dtype, tensor.dtype)
            np.testing.assert_array_equal(loaded[name].array, tensor.array)
            self.assertEqual(loaded[name].array.shape, tensor.array.shape)


class ShippedFp8RoundingTest(unittest.TestCase):
    """The engine dequantizes FP8 as §5 says (float32 product, then bf16: two roundings); the quantizers of
    kernels/formats round the exact product once (decodeScaledToBf16). On the shipped weights both must agree."""

    SHIPPED = Path(__file__).resolve().parents[2] / "src/main/resources/halftone-tiny"

    @staticmethod
    def single_rounding(codes: np.ndarray, scale: np.float32) -> np.ndarray:
        product = fp8_e4m3_decode(codes).astype(np.float64) * np.float64(scale)  # exact: 4 × 24 significand bits
        mantissa, exponent = np.frexp(product)
        return np.ldexp(np.rint(np.ldexp(mantissa, 8)), exponent - 8).astype(np.float32)  # 8 bits, half to even

    def test_single_rounding_rounds_a_tie_once(self):
        # 1.5 · 0x1.56aaacp-1 pinned by formats' Fp8E4M3Test: the float32 product lands on a bf16 tie
        codes = fp8_e4m3_encode(np.array([1.5], dtype=np.float32))
        scale = np.float32(float.fromhex("0x1.56aaacp-1"))
        twice = float32_from_bf16_bits(fp8_dequantize_to_bf16_bits(codes, scale))
        self.assertNotEqual(self.single_rounding(codes, scale)[0], twice[0])

    def test_both_roundings_agree_on_every_shipped_weight(self):
        for file_name in ("cond.safetensors", "uncond.safetensors"):
            tensors, _ = read_safetensors(self.SHIPPED / file_name)
            for name, stored in tensors.items():
                if stored.dtype != "F8_E4M3":
                    continue
                scale = np.float32(tensors[name.removesuffix(".weight") + ".weight_scale"].array.reshape(()))
                twice = float32_from_bf16_bits(fp8_dequantize_to_bf16_bits(stored.array, scale))
                np.testing.assert_array_equal(self.single_rounding(stored.array, scale), twice, err_msg=name)


if __name__ == "__main__":
    unittest.main()
