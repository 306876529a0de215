"""Parity of the Java engine with an independent PyTorch implementation of docs/model.md (float32).

The PyTorch side is kernels/tiny-model/python/halftone_tiny (written from docs/model.md by another engineer, sharing
no code with the Java engine). Inputs: a fixture directory written by the Java test class
dev.halftone.engine.parity.ParityFixtureWriter: model/ (the seeded halftone-tiny FP8 reference) and
java_outputs.safetensors (inputs and the engine's outputs). Error metric, per tensor:
    max relative error = max_i |java_i - torch_i| / max_i |torch_i|
(elementwise relative error is meaningless where the reference crosses zero). Noise must match bit for bit.

Usage: parity.py FIXTURE_DIR [RESULT_JSON [TORCH_OUTPUTS]]; exits 1 when a tolerance is exceeded. TORCH_OUTPUTS, if
given, receives PyTorch's outputs as F32 safetensors (the Java test TorchParityTest reads them from its resources).
"""
import json
import platform
import struct
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "tiny-model" / "python"))
from halftone_tiny.checkpoint import load_model_directory  # noqa: E402
from halftone_tiny.model import initial_noise, sample, tokenize  # noqa: E402

TOLERANCE = 1e-4


def read_f32_safetensors(path):
    """name -> (array, metadata) for a file of F32 tensors (the fixture's own format, read independently)."""
    raw = Path(path).read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    metadata = header.pop("__metadata__", {})
    data = raw[8 + length:]
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            raise ValueError(f"{name}: expected F32, got {info['dtype']}")
        begin, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(info["shape"]).copy()
    return tensors, metadata


def write_f32_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, array in tensors.items():
        blob = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(np.shape(array)), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    Path(path).write_bytes(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))


def max_relative_error(actual, expected):
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    return float(np.max(np.abs(actual - expected)) / np.max(np.abs(expected)))


def main():
    fixture = Path(sys.argv[1])
    result_path = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    torch_outputs_path = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    torch.set_num_threads(max(1, torch.get_num_threads()))
    tensors, metadata = read_f32_safetensors(fixture / "java_outputs.safetensors")
    config, encoder, cond, uncond = load_model_directory(fixture / "model")
    for module in (encoder, cond, uncond):
        module.eval()
    prompt = metadata["prompt"]
    seed = int(metadata["seed"])
    steps = int(metadata["steps"])
    guidance = float(metadata["guidance"])

    results = {
        "torch_version": torch.__version__,
        "machine": platform.machine(),
        "metric": "max|java - torch| / max|torch|, float32",
        "tolerance": TOLERANCE,
    }
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    torch.backends.cuda.matmul.allow_tf32 = False  # float32 means float32 on the GPU too
    torch.backends.cudnn.allow_tf32 = False
    failed = []
    for device in devices:
        with torch.no_grad():
            cond_d, uncond_d, encoder_d = cond.to(device), uncond.to(device), encoder.to(device)
            tokens = torch.tensor([tokenize(prompt, config)], device=device)
            empty = torch.tensor([tokenize("", config)], device=device)
            e_cond = encoder_d(tokens).float()
            e_uncond = encoder_d(empty).float()
            x = torch.from_numpy(tensors["input.x"])[None].to(device)
            t = torch.from_numpy(tensors["input.t"]).to(device)
            v_cond = cond_d(x, t, e_cond)[0].cpu().numpy()
            v_uncond = uncond_d(x, t, e_uncond)[0].cpu().numpy()
            noise = initial_noise(seed, config).numpy()
            sampled = sample(cond_d, uncond_d, encoder_d, [prompt], [seed], steps, guidance)[0].cpu().numpy()
        errors = {
            "text_hidden_states": max_relative_error(tensors["java.text_cond"], e_cond[0].cpu().numpy()),
            "forward_cond": max_relative_error(tensors["java.v_cond"], v_cond),
            "forward_uncond": max_relative_error(tensors["java.v_uncond"], v_uncond),
            "cfg_sample_4_steps": max_relative_error(tensors["java.sample"], sampled),
            "noise_bit_identical": bool(np.array_equal(tensors["java.noise"].view(np.uint32),
                                                       noise.reshape(tensors["java.noise"].shape).view(np.uint32))),
        }
        if device == "cuda":
            errors["gpu"] = torch.cuda.get_device_name(0)
        results[device] = errors
        failed += [f"{device}.{k}" for k in ("text_hidden_states", "forward_cond", "forward_uncond",
                                            "cfg_sample_4_steps") if not errors[k] <= TOLERANCE]
        if not errors["noise_bit_identical"]:
            failed.append(f"{device}.noise_bit_identical")
        if device == "cpu":
            cpu_outputs = {"torch.v_cond": v_cond, "torch.v_uncond": v_uncond, "torch.sample": sampled}

    if torch_outputs_path is not None:
        write_f32_safetensors(torch_outputs_path, cpu_outputs)
    text = json.dumps(results, indent=2)
    print(text)
    if result_path is not None:
        result_path.write_text(text + "\n")
    if failed:
        print("FAILED:", failed)
        sys.exit(1)


if __name__ == "__main__":
    main()
