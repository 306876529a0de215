package dev.halftone.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BPE algorithm on a small vocabulary built the way CLIP builds its own (byte symbols, the same with
 * {@code </w>}, one entry per merge, then the two special tokens). The expected ids are worked out by hand from
 * simple_tokenizer.py's rules. ClipTokenizerReferenceTest compares the ids on the real 49,408-entry vocabulary
 * with an independent port (ASCII prompts).
 */
class ClipTokenizerTest {

    static final List<String> MERGES = List.of("s i", "si g", "sig n</w>", "t h", "th a", "tha t</w>", "e n</w>",
            "o p", "op en</w>");

    /** byte symbols in bytes_to_unicode order (printable bytes first), as CLIP's vocabulary starts. */
    static Map<String, Integer> vocabulary() {
        String[] symbols = ClipTokenizer.byteSymbols();
        List<String> base = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (int b = 0; b < 256; b++) {
                boolean identity = symbols[b].codePointAt(0) == b;
                if (identity == (pass == 0)) {
                    base.add(symbols[b]);
                }
            }
        }
        List<String> entries = new ArrayList<>(base);
        base.forEach(symbol -> entries.add(symbol + "</w>"));
        MERGES.forEach(merge -> entries.add(merge.replace(" ", "")));
        entries.add("<|startoftext|>");
        entries.add("<|endoftext|>");
        Map<String, Integer> vocabulary = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            vocabulary.put(entries.get(i), i);
        }
        return vocabulary;
    }

    static final ClipTokenizer TOKENIZER = new ClipTokenizer(vocabulary(), MERGES, "test vocabulary");
    static final int SOT = 521;
    static final int EOT = 522;

    @Test
    void mergesByRankAndMarksWordEnds() {
        // "OPEN" -> o p e n</w>; "e n</w>" (rank 6) before "o p" (rank 7), then "op en</w>" (rank 8): id 512 + 8
        assertEquals(List.of("open</w>"), TOKENIZER.bpe("open"));
        assertEquals(List.of("sign</w>"), TOKENIZER.bpe("sign"));
        assertEquals(List.of("s", "a", "y", "s</w>"), TOKENIZER.bpe("says"));
        // ids: a</w> 256+64, sign</w> 514, that</w> 517, s a y s</w> 82 64 88 338, "</w> 257, open</w> 520
        long[] ids = TOKENIZER.encode("A  sign that\tsays \"OPEN\"");
        assertArrayEquals(new long[] {SOT, 320, 514, 517, 82, 64, 88, 338, 257, 520, 257, EOT, 0},
                Arrays.copyOf(ids, 13));
        assertEquals(ClipTokenizer.CONTEXT_LENGTH, ids.length);
    }

    @Test
    void splitsContractionsDigitsAndEncodesUtf8Bytes() {
        // "it's" -> "it" + "'s"; digits one by one; é = C3 A9 -> byte symbols 'Ã' (index 127) and '©' (index 102)
        long[] ids = TOKENIZER.encode("it's 24 é");
        assertArrayEquals(new long[] {SOT, 72, 339, 6, 338, 256 + 17, 256 + 19, 127, 256 + 102, EOT},
                Arrays.copyOf(ids, 10));
    }

    @Test
    void longPromptsAreCutWithTheEndTokenLast() {
        long[] ids = TOKENIZER.encode("a ".repeat(100));
        assertEquals(SOT, ids[0]);
        assertEquals(320, ids[75]);
        assertEquals(EOT, ids[76]);
    }

    @Test
    void missingTokenizerFilesAreNamed(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClipTokenizer.load(dir.resolve("vocab.json"), dir.resolve("merges.txt")));
        assertTrue(e.getMessage().contains("vocab.json"), e.getMessage());
    }

    @Test
    void aVocabularyThatCannotEncodeEveryPromptIsRefusedAtLoad() {
        Map<String, Integer> noQ = new HashMap<>(vocabulary());
        noQ.remove("q</w>");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClipTokenizer(noQ, MERGES, "vocab.json"));
        assertTrue(e.getMessage().contains("'q</w>'") && e.getMessage().contains("vocab.json"), e.getMessage());

        Map<String, Integer> noOpen = new HashMap<>(vocabulary());
        noOpen.remove("open</w>");
        e = assertThrows(IllegalArgumentException.class, () -> new ClipTokenizer(noOpen, MERGES, "vocab.json"));
        assertTrue(e.getMessage().contains("'open</w>'") && e.getMessage().contains("merge 9 'op en</w>'"), e.getMessage());

        List<String> malformed = new ArrayList<>(MERGES);
        malformed.add("abc");
        e = assertThrows(IllegalArgumentException.class, () -> new ClipTokenizer(vocabulary(), malformed, "vocab.json"));
        assertTrue(e.getMessage().contains("merge 10 is 'abc'"), e.getMessage());
    }
}
