"""A minimal safetensors reader and writer over NumPy (the format: 8-byte little-endian header length, JSON
header of {name: {dtype, shape, data_offsets}}, then the raw little-endian data). Written here so that neither
this machine nor the device depends on the `safetensors` package.

Arrays are held in their storage form: BF16 as uint16 bits, F8_E4M3 as uint8 codes.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

STORAGE_DTYPES = {
    "F32": np.dtype("<f4"),
    "BF16": np.dtype("<u2"),
    "F8_E4M3": np.dtype("u1"),
    "U8": np.dtype("u1"),
    "I64": np.dtype("<i8"),
}
HEADER_ALIGNMENT = 8


@dataclass(frozen=True)
class StoredTensor:
    """A tensor as safetensors stores it: dtype name plus the array of its storage elements."""

    dtype: str
    array: np.ndarray

    def __post_init__(self) -> None:
        if self.dtype not in STORAGE_DTYPES:
            raise ValueError(f"unsupported safetensors dtype {self.dtype}")
        if self.array.dtype.itemsize != STORAGE_DTYPES[self.dtype].itemsize:
            raise ValueError(f"{self.dtype} needs {STORAGE_DTYPES[self.dtype]} storage, got {self.array.dtype}")


def write_safetensors(path: Path, tensors: dict[str, StoredTensor], metadata: dict[str, str] | None = None) -> None:
    """Write tensors in name order; the header is space-padded to a multiple of 8 bytes."""
    header: dict[str, object] = {}
    if metadata:
        header["__metadata__"] = dict(metadata)
    chunks = []
    offset = 0
    for name in sorted(tensors):
        tensor = tensors[name]
        data = np.ascontiguousarray(tensor.array).astype(STORAGE_DTYPES[tensor.dtype], copy=False).tobytes()
        header[name] = {"dtype": tensor.dtype, "shape": list(tensor.array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % HEADER_ALIGNMENT)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(header_bytes)))
        file.write(header_bytes)
        for data in chunks:
            file.write(data)


def read_safetensors(path: Path) -> tuple[dict[str, StoredTensor], dict[str, str]]:
    """Read every tensor and the metadata; checks that offsets tile the data section exactly."""
    raw = Path(path).read_bytes()
    (header_length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + header_length].decode("utf-8"))
    data = raw[8 + header_length:]
    metadata = header.pop("__metadata__", {})
    tensors: dict[str, StoredTensor] = {}
    spans = []
    for name, entry in header.items():
        storage = STORAGE_DTYPES.get(entry["dtype"])
        if storage is None:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {entry['dtype']}")
        begin, end = entry["data_offsets"]
        count = int(np.prod(entry["shape"], dtype=np.int64))
        if end - begin != count * storage.itemsize:
            raise ValueError(f"{path}: tensor {name} spans {end - begin} bytes, shape needs {count * storage.itemsize}")
        array = np.frombuffer(data, dtype=storage, count=count, offset=begin).reshape(entry["shape"])
        tensors[name] = StoredTensor(entry["dtype"], array)
        spans.append((begin, end))
    spans.sort()
    position = 0
    for begin, end in spans:
        if begin != position:
            raise ValueError(f"{path}: data offsets leave a gap or overlap at byte {position}")
        position = end
    if position != len(data):
        raise ValueError(f"{path}: {len(data) - position} trailing bytes after the last tensor")
    return tensors, metadata
