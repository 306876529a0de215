"""Reference vectors for ReferenceFidelity: scikit-image's SSIM (Wang 2004 settings) and PSNR.

Two steps, so that the vectors come from scikit-image and not from Halftone's code:
  python3 ssim_reference.py images  DIR          # numpy only: writes the image pairs as PNG (seeded)
  python3 ssim_reference.py vectors DIR OUT.json # needs scikit-image: scores every pair in DIR

The PNG writer/reader below handle only what `images` writes (8-bit RGB, filter 0 on every row), so the
script needs nothing beyond numpy and zlib; Java reads the same files with ImageIO, and any disagreement
between the two decoders would show up as a failing comparison, not a silent one.
"""
import json
import struct
import sys
import zlib
from pathlib import Path

import numpy as np

SEED = 20260517


def write_png(path, rgb):
    height, width, _ = rgb.shape
    rows = b"".join(b"\x00" + rgb[y].astype(np.uint8).tobytes() for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def read_png(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert (depth, colour) == (8, 2), f"{path}: only 8-bit RGB is written by this script"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(height, 1 + 3 * width)
    assert not raw[:, 0].any(), f"{path}: only filter type 0 is written by this script"
    return raw[:, 1:].reshape(height, width, 3)


def smooth_scene(height, width, rng):
    """A 'natural' image: two-axis colour gradient, a filled disc and a square, mild sensor noise."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    img = np.stack([40 + 180 * x / width, 60 + 150 * y / height, 200 - 120 * (x + y) / (width + height)], -1)
    cy, cx, r = height * 0.45, width * 0.3, min(height, width) * 0.25
    img[(y - cy) ** 2 + (x - cx) ** 2 < r * r] = (220, 40, 40)
    img[(y > height * 0.35) & (y < height * 0.8) & (x > width * 0.6) & (x < width * 0.85)] = (30, 50, 210)
    img += rng.normal(0, 2.0, img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def box_blur(img, radius):
    out = img.astype(np.float64)
    for axis in (0, 1):
        padded = np.pad(out, [(radius, radius) if a == axis else (0, 0) for a in range(3)], mode="edge")
        out = sum(np.take(padded, range(k, k + img.shape[axis]), axis=axis) for k in range(2 * radius + 1))
        out /= 2 * radius + 1
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def pairs():
    rng = np.random.default_rng(SEED)
    noise = lambda h, w: rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    perturb = lambda img, sd: np.clip(np.rint(img + rng.normal(0, sd, img.shape)), 0, 255).astype(np.uint8)

    a = noise(48, 64)
    yield "random-independent", a, noise(48, 64)
    a = noise(64, 128)
    yield "random-plus-noise", a, perturb(a.astype(np.float64), 12.0)
    a = noise(11, 16)
    yield "random-minimum-size", a, perturb(a.astype(np.float64), 30.0)
    scene = smooth_scene(64, 128, rng)
    yield "scene-plus-noise", scene, perturb(scene.astype(np.float64), 6.0)
    yield "scene-blurred", scene, box_blur(scene, 2)
    yield "scene-shifted", scene, np.roll(scene, (2, 3), axis=(0, 1))
    yield "scene-inverted", scene, (255 - scene).astype(np.uint8)
    odd = smooth_scene(37, 53, rng)
    yield "scene-odd-size-quantized", odd, ((odd // 32) * 32 + 16).astype(np.uint8)
    grey = np.repeat(smooth_scene(40, 40, rng)[..., :1], 3, axis=2)
    yield "grey-low-contrast", grey, (grey // 4 + 100).astype(np.uint8)
    flat = np.full((24, 30, 3), 128, np.uint8)
    yield "flat-vs-noisy-flat", flat, perturb(flat.astype(np.float64), 3.0)


def write_images(directory):
    directory.mkdir(parents=True, exist_ok=True)
    for index, (name, a, b) in enumerate(pairs()):
        write_png(directory / f"{index:02d}-{name}-a.png", a)
        write_png(directory / f"{index:02d}-{name}-b.png", b)


def write_vectors(directory, out):
    import skimage
    from skimage.metrics import peak_signal_noise_ratio, structural_similarity

    records = []
    for a_path in sorted(directory.glob("*-a.png")):
        b_path = a_path.with_name(a_path.name[:-len("a.png")] + "b.png")
        a, b = read_png(a_path), read_png(b_path)
        ssim = structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                                     data_range=255, channel_axis=-1)
        per_channel = [structural_similarity(a[..., c], b[..., c], gaussian_weights=True, sigma=1.5,
                                             use_sample_covariance=False, data_range=255) for c in range(3)]
        psnr = peak_signal_noise_ratio(a, b, data_range=255)
        records.append({"reference": a_path.name, "image": b_path.name, "ssim": float(ssim),
                        "ssimPerChannel": [float(s) for s in per_channel], "psnr": float(psnr)})
    out.write_text(json.dumps({
        "generator": "scikit-image " + skimage.__version__ + ", numpy " + np.__version__,
        "call": "structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, "
                "data_range=255, channel_axis=-1); peak_signal_noise_ratio(a, b, data_range=255)",
        "pairs": records}, indent=1) + "\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["images"] and len(sys.argv) == 3:
        write_images(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["vectors"] and len(sys.argv) == 4:
        write_vectors(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        sys.exit(__doc__)
