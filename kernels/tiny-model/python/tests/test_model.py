"""PyTorch checks of the reference against docs/model.md (run where PyTorch is installed: the device machine)."""

import math
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch

from halftone_tiny.checkpoint import (fp8_reference_tensors, linear_weight_names, load_model_directory,
                                      save_model_directory)
from halftone_tiny.model import (HalftoneBranch, HalftoneConfig, TextEncoder, apply_rope, patchify, rope_angles,
                                 sample, shifted_sigmas, timestep_frequencies, tokenize,
                                 unpatchify)
from halftone_tiny.numerics import fp8_e4m3_encode

CONFIG = HalftoneConfig()


def random_branch(seed: int) -> HalftoneBranch:
    """A branch with every weight random (no zero-initialised layer), so every path reaches the output."""
    torch.manual_seed(seed)
    branch = HalftoneBranch(CONFIG)
    with torch.no_grad():
        for parameter in branch.parameters():
            parameter.copy_(torch.randn_like(parameter) * 0.05)
    return branch


class LayoutTest(unittest.TestCase):
    def test_patch_vector_order_is_py_px_channel(self):
        x = torch.randn(1, 3, 64, 128)
        tokens = patchify(x, 4)
        r, c, py, px, ch = 3, 17, 2, 1, 2
        self.assertEqual(tokens[0, r * 32 + c, (py * 4 + px) * 3 + ch].item(), x[0, ch, r * 4 + py, c * 4 + px].item())
        torch.testing.assert_close(unpatchify(tokens, CONFIG), x, rtol=0, atol=0)

    def test_rope_rotates_pair_2j_by_row_and_second_half_by_column(self):
        angles = rope_angles(CONFIG)
        q = torch.randn(1, 1, CONFIG.image_tokens, 64, dtype=torch.float64)
        rotated = apply_rope(q, torch.cos(angles), torch.sin(angles))
        token, r, c = 5 * 32 + 9, 5, 9
        for dim_base, position in ((0, r), (32, c)):
            for j in (0, 7, 15):
                angle = position * 10000.0 ** (-2 * j / 32)
                x0, x1 = q[0, 0, token, dim_base + 2 * j].item(), q[0, 0, token, dim_base + 2 * j + 1].item()
                self.assertAlmostEqual(rotated[0, 0, token, dim_base + 2 * j].item(),
                                       x0 * math.cos(angle) - x1 * math.sin(angle), places=12)
                self.assertAlmostEqual(rotated[0, 0, token, dim_base + 2 * j + 1].item(),
                                       x0 * math.sin(angle) + x1 * math.cos(angle), places=12)

    def test_timestep_features_are_cos_then_sin_of_float64_angles(self):
        t = torch.tensor([0.25], dtype=torch.float32)
        features = timestep_frequencies(t, 256)
        self.assertEqual(features.dtype, torch.float32)
        for k in (0, 5, 127):
            angle = 1000.0 * 0.25 * math.exp(-math.log(10000.0) * k / 128)
            self.assertEqual(features[0, k].item(), float(np.float32(math.cos(angle))))
            self.assertEqual(features[0, 128 + k].item(), float(np.float32(math.sin(angle))))

    def test_tokens_are_bos_then_utf8_bytes_truncated(self):
        self.assertEqual(tokenize("", CONFIG), [256])
        self.assertEqual(tokenize("hé", CONFIG), [256, 104, 0xC3, 0xA9])
        self.assertEqual(len(tokenize("x" * 100, CONFIG)), 48)

    def test_schedule_is_shifted_and_ends_at_zero(self):
        sigmas = shifted_sigmas(48, CONFIG)
        self.assertEqual(len(sigmas), 49)
        self.assertEqual(sigmas[0], 1.0)
        self.assertEqual(sigmas[-1], 0.0)
        m = math.exp(0.5 + 0.65 * 256 / 3840)
        self.assertAlmostEqual(sigmas[24], m * 0.5 / (1 + (m - 1) * 0.5), places=12)


class ForwardTest(unittest.TestCase):
    def test_masked_padded_batch_equals_unpadded_forwards(self):
        branch = random_branch(1).double()
        encoder = TextEncoder(CONFIG).double()
        prompts = ['the word "CAT" in red on white', 'a sign that says "OPEN"']
        tokens = [tokenize(p, CONFIG) for p in prompts]
        length = max(len(t) for t in tokens)
        padded = torch.tensor([t + [0] * (length - len(t)) for t in tokens])
        mask = torch.tensor([[i < len(t) for i in range(length)] for t in tokens])
        x = torch.randn(2, 3, 64, 128, dtype=torch.float64)
        t = torch.tensor([0.3, 0.9], dtype=torch.float64)
        batched = branch(x, t, encoder(padded), mask)
        for i, token_list in enumerate(tokens):
            single = branch(x[i:i + 1], t[i:i + 1], encoder(torch.tensor([token_list])))
            torch.testing.assert_close(batched[i:i + 1], single, rtol=1e-10, atol=1e-10)

    def test_velocity_depends_on_text_time_and_every_image_patch(self):
        branch = random_branch(2)
        e = torch.randn(1, 5, 256)
        x = torch.randn(1, 3, 64, 128, requires_grad=True)
        v = branch(x, torch.tensor([0.5]), e)
        v[0, :, 0, 0].sum().backward()  # one output pixel sees every input patch through attention
        self.assertTrue(torch.all(patchify(x.grad.abs(), 4).sum(-1) > 0))
        self.assertFalse(torch.allclose(v, branch(x, torch.tensor([0.4]), e)))
        self.assertFalse(torch.allclose(v, branch(x, torch.tensor([0.5]), torch.randn(1, 5, 256))))

    def test_linear_count_is_6n_plus_7(self):
        self.assertEqual(len(linear_weight_names(HalftoneBranch(CONFIG))), 43)


class CheckpointTest(unittest.TestCase):
    def test_fp8_encoder_matches_torch_float8_e4m3fn(self):
        values = (torch.randn(100000) * 100).clamp(-448, 448)
        ours = fp8_e4m3_encode(values.numpy())
        torch_codes = values.to(torch.float8_e4m3fn).view(torch.uint8).numpy()
        np.testing.assert_array_equal(ours, torch_codes)

    def test_fp8_reference_round_trip_dequantizes_as_in_section_5(self):
        encoder, cond, uncond = TextEncoder(CONFIG), random_branch(3), random_branch(4)
        with tempfile.TemporaryDirectory() as directory:
            save_model_directory(Path(directory), CONFIG, encoder, cond, uncond, True, {"test": "1"})
            config, encoder2, cond2, uncond2 = load_model_directory(Path(directory))
        self.assertEqual(config, CONFIG)
        stored = fp8_reference_tensors(cond)
        name = "layers.2.feed_forward.w2.weight"
        q = torch.from_numpy(stored[name].array.copy()).view(torch.float8_e4m3fn)
        scale = torch.from_numpy(stored["layers.2.feed_forward.w2.weight_scale"].array.copy())
        expected = (q.to(torch.float32) * scale).to(torch.bfloat16).float()
        torch.testing.assert_close(cond2.state_dict()[name], expected, rtol=0, atol=0)
        bias = cond.state_dict()["layers.2.feed_forward.w2.bias"].to(torch.bfloat16).float()
        torch.testing.assert_close(cond2.state_dict()["layers.2.feed_forward.w2.bias"], bias, rtol=0, atol=0)
        torch.testing.assert_close(encoder2.embedding.weight, encoder.embedding.weight.to(torch.bfloat16).float())
        original = cond.state_dict()[name]
        # E4M3 keeps 3 mantissa bits: rounding moves a weight by at most 1/16 of its binade's top, <= max|W| / 16
        self.assertLessEqual((cond2.state_dict()[name] - original).abs().max().item(), original.abs().max().item() / 16)

    def test_sampler_is_deterministic_and_guidance_matters(self):
        encoder, cond, uncond = TextEncoder(CONFIG), random_branch(5), random_branch(6)
        first = sample(cond, uncond, encoder, ["a", "bb"], [7, 8], 4, 4.0)
        again = sample(cond, uncond, encoder, ["a", "bb"], [7, 8], 4, 4.0)
        torch.testing.assert_close(first, again, rtol=0, atol=0)
        self.assertFalse(torch.allclose(first, sample(cond, uncond, encoder, ["a", "bb"], [7, 8], 4, 1.0)))


if __name__ == "__main__":
    unittest.main()
