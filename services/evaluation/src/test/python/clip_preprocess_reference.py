"""Reference for ClipEncoders' image preprocessing (/usr/bin/python3 clip_preprocess_reference.py OUT_DIR; Pillow only).

Hugging Face's CLIPImageProcessor before its float steps: the shortest side resized to 224 with Pillow's BICUBIC
(the long side int(224 * long / short)), then a centre crop of 224 x 224 (top and left rounded down). Each input is a
test pattern both sides compute from its formula (pattern below; sharp edges and smooth ramps, so the filter's
negative lobes and clipping matter); the expected 224 x 224 crop is written losslessly as PNG. Sizes cover upscaling,
downscaling (where Pillow widens the filter to antialias), a side already 224, and a crop along either axis.
"""
import os
import sys

from PIL import Image

SIZES = [(128, 64), (640, 480), (300, 224), (224, 500), (97, 331)]


def pattern(width, height):
    data = bytearray()
    for y in range(height):
        for x in range(width):
            checker = ((x // 9 + y // 7) % 2) * 90
            for c in range(3):
                data.append((x * (c + 2) + y * (3 - c) + checker + c * 40) % 256)
    return Image.frombytes("RGB", (width, height), bytes(data))


def preprocess(image):
    width, height = image.size
    short, long = (width, height) if width <= height else (height, width)
    new_short, new_long = 224, int(224 * long / short)
    size = (new_short, new_long) if width <= height else (new_long, new_short)
    resized = image.resize(size, resample=Image.BICUBIC)
    left, top = (size[0] - 224) // 2, (size[1] - 224) // 2
    return resized.crop((left, top, left + 224, top + 224))


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for width, height in SIZES:
        preprocess(pattern(width, height)).save(os.path.join(out_dir, f"crop-{width}x{height}.png"))


if __name__ == "__main__":
    main(sys.argv[1])
