// Prints a GGUF file's header as JSON, read by @huggingface/gguf (independent of Halftone and ggml):
// {"metadata": {key: value}, "tensors": [{"name", "shape", "dtype", "offset"}], "tensorDataOffset"}
// Usage: node read-gguf-header.mjs <file.gguf>
import { gguf } from "@huggingface/gguf";

const path = process.argv[2];
const { metadata, tensorInfos, tensorDataOffset } = await gguf(path, { allowLocalFile: true });
const plain = (v) => (typeof v === "bigint" ? v.toString() : Array.isArray(v) ? v.map(plain) : v);
const out = {
  metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, plain(v)])),
  tensors: tensorInfos.map((t) => ({
    name: t.name,
    shape: t.shape.map((d) => d.toString()),
    dtype: t.dtype,
    offset: t.offset.toString(),
  })),
  tensorDataOffset: tensorDataOffset.toString(),
};
process.stdout.write(JSON.stringify(out));
