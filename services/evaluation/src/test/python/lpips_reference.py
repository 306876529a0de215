"""Reference for LpipsModel's end-to-end path (python3 lpips_reference.py OUT.json; numpy only).

A small stand-in for the AlexNet trunk (conv 3->4 k3 p1, ReLU*, max-pool 2, conv 4->5 k3 p1, ReLU*, conv 5->6 k1,
ReLU*; * = a feature output) with seeded random weights, random non-negative linear heads, and image pairs. The
expected distances follow lpips.LPIPS.forward in float64: RGB to [-1, 1], ScalingLayer, trunk, per layer
normalize over channels (eps 1e-10 added to the norm), squared difference, channel weights, spatial mean, sum.
The Java test writes the same trunk as an ONNX file and runs it through DJL's ONNX Runtime engine.
"""
import json
import sys

import numpy as np

SEED = 20260518
SHIFT = np.array([-0.030, -0.088, -0.188])[:, None, None]
SCALE = np.array([0.458, 0.448, 0.450])[:, None, None]


def conv(x, weight, bias, pad):
    out_c, in_c, k, _ = weight.shape
    padded = np.pad(x, ((0, 0), (pad, pad), (pad, pad)))
    h, w = x.shape[1] + 2 * pad - k + 1, x.shape[2] + 2 * pad - k + 1
    out = np.zeros((out_c, h, w))
    for dy in range(k):
        for dx in range(k):
            patch = padded[:, dy:dy + h, dx:dx + w]
            out += np.einsum("oi,ihw->ohw", weight[:, :, dy, dx], patch)
    return out + bias[:, None, None]


def maxpool(x, k):
    c, h, w = x.shape
    return x[:, :h // k * k, :w // k * k].reshape(c, h // k, k, w // k, k).max(axis=(2, 4))


def main(out):
    rng = np.random.default_rng(SEED)
    layers = [{"op": "conv", "weight": rng.normal(0, 0.4, (4, 3, 3, 3)), "bias": rng.normal(0, 0.1, 4), "pad": 1,
               "feature": True},
              {"op": "maxpool", "kernel": 2},
              {"op": "conv", "weight": rng.normal(0, 0.3, (5, 4, 3, 3)), "bias": rng.normal(0, 0.1, 5), "pad": 1,
               "feature": True},
              {"op": "conv", "weight": rng.normal(0, 0.5, (6, 5, 1, 1)), "bias": rng.normal(0, 0.1, 6), "pad": 0,
               "feature": True}]
    lin = [rng.uniform(0, 0.2, n) for n in (4, 5, 6)]

    def features(img):
        x = img.transpose(2, 0, 1).astype(np.float64) / 127.5 - 1
        x = (x - SHIFT) / SCALE
        feats = []
        for layer in layers:
            if layer["op"] == "conv":
                x = np.maximum(conv(x, layer["weight"], layer["bias"], layer["pad"]), 0)
                feats.append(x)
            else:
                x = maxpool(x, layer["kernel"])
        return feats

    def distance(a, b):
        total = 0.0
        for fa, fb, w in zip(features(a), features(b), lin):
            na = fa / (np.sqrt((fa ** 2).sum(axis=0, keepdims=True)) + 1e-10)
            nb = fb / (np.sqrt((fb ** 2).sum(axis=0, keepdims=True)) + 1e-10)
            total += (w[:, None, None] * (na - nb) ** 2).sum(axis=0).mean()
        return total

    pairs = []
    a = rng.integers(0, 256, (20, 24, 3), dtype=np.uint8)
    pairs.append((a, np.clip(a + rng.normal(0, 20, a.shape), 0, 255).astype(np.uint8)))
    y, x = np.mgrid[0:17, 0:31]
    grad = np.stack([x * 8, y * 14, 255 - x * 8], -1).astype(np.uint8)
    pairs.append((grad, np.roll(grad, 2, axis=1)))
    pairs.append((grad, grad))
    json.dump({"generator": f"numpy {np.__version__}",
               "trunk": [{k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in layer.items()}
                         for layer in layers],
               "lin": [w.tolist() for w in lin],
               "pairs": [{"height": a.shape[0], "width": a.shape[1], "a": a.flatten().tolist(),
                          "b": b.flatten().tolist(), "distance": float(distance(a, b))} for a, b in pairs]},
              open(out, "w"))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
