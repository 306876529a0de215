package dev.halftone.evaluation.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's byte-level BPE tokenizer (openai/CLIP simple_tokenizer.py) over the user's {@code vocab.json} and
 * {@code merges.txt} (the files of a Hugging Face CLIP tokenizer): lower-case, collapse whitespace, split with
 * CLIP's pattern, map UTF-8 bytes to CLIP's printable byte alphabet, merge by rank with {@code </w>} marking a
 * word's end; then {@code <|startoftext|>} + tokens + {@code <|endoftext|>}, cut to the context length with the
 * end token kept last, zero-padded.
 *
 * <p>Deviation: ftfy.fix_text and HTML unescaping, which CLIP applies first, are not applied; prompts are plain
 * text, and a prompt with mojibake or HTML entities may tokenize differently from Python.
 */
public final class ClipTokenizer {

    public static final int CONTEXT_LENGTH = 77;
    private static final String END_OF_WORD = "</w>";
    private static final Pattern SPLIT = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final String[] BYTE_SYMBOLS = byteSymbols();

    private final Map<String, Integer> vocabulary;
    private final Map<String, Integer> mergeRanks;
    private final int startOfText;
    private final int endOfText;

    ClipTokenizer(Map<String, Integer> vocabulary, List<String> merges, String source) {
        this.vocabulary = Map.copyOf(vocabulary);
        this.mergeRanks = new HashMap<>();
        for (int rank = 0; rank < merges.size(); rank++) {
            mergeRanks.putIfAbsent(merges.get(rank), rank);
        }
        this.startOfText = special(vocabulary, "<|startoftext|>", source);
        this.endOfText = special(vocabulary, "<|endoftext|>", source);
        requireEveryPiece(vocabulary, merges, source);
    }

    /**
     * BPE only ever yields a byte symbol (with or without the word-end mark) or the product of a merge, so when the
     * vocabulary has all of those every prompt encodes; a truncated or mismatched file is refused here, at load,
     * rather than on the first prompt that needs the missing piece.
     */
    private static void requireEveryPiece(Map<String, Integer> vocabulary, List<String> merges, String source) {
        for (String symbol : BYTE_SYMBOLS) {
            for (String piece : List.of(symbol, symbol + END_OF_WORD)) {
                if (!vocabulary.containsKey(piece)) {
                    throw new IllegalArgumentException("CLIP vocabulary " + source + " has no entry for the byte symbol '"
                            + piece + "'");
                }
            }
        }
        for (int line = 0; line < merges.size(); line++) {
            String[] pair = merges.get(line).split(" ");
            if (pair.length != 2) {
                throw new IllegalArgumentException("CLIP merges of " + source + ": merge " + (line + 1) + " is '"
                        + merges.get(line) + "', expected two pieces separated by one space");
            }
            if (!vocabulary.containsKey(pair[0] + pair[1])) {
                throw new IllegalArgumentException("CLIP vocabulary " + source + " has no entry for '" + pair[0] + pair[1]
                        + "', the product of merge " + (line + 1) + " '" + merges.get(line) + "'");
            }
        }
    }

    public static ClipTokenizer load(Path vocabJson, Path mergesTxt) {
        for (Path file : List.of(vocabJson, mergesTxt)) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("CLIP tokenizer file not found: " + file);
            }
        }
        try {
            JsonNode root = new ObjectMapper().readTree(vocabJson.toFile());
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("CLIP vocabulary " + vocabJson + ": expected a JSON object of token -> id");
            }
            Map<String, Integer> vocabulary = new HashMap<>();
            root.properties().forEach(entry -> vocabulary.put(entry.getKey(), entry.getValue().asInt()));
            List<String> merges = Files.readAllLines(mergesTxt, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.startsWith("#version") && !line.isBlank()).toList();
            return new ClipTokenizer(vocabulary, merges, vocabJson.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CLIP tokenizer files " + vocabJson + ", " + mergesTxt, e);
        }
    }

    /** The model input: CONTEXT_LENGTH ids. */
    public long[] encode(String text) {
        List<Integer> tokens = new ArrayList<>();
        tokens.add(startOfText);
        String clean = WHITESPACE.matcher(text).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
        Matcher matcher = SPLIT.matcher(clean);
        while (matcher.find()) {
            StringBuilder symbols = new StringBuilder();
            for (byte b : matcher.group().getBytes(StandardCharsets.UTF_8)) {
                symbols.append(BYTE_SYMBOLS[b & 0xFF]);
            }
            for (String piece : bpe(symbols.toString())) {
                tokens.add(vocabulary.get(piece)); // present: the constructor checked every piece BPE can yield
            }
        }
        tokens.add(endOfText);
        long[] ids = new long[CONTEXT_LENGTH];
        int kept = Math.min(tokens.size(), CONTEXT_LENGTH);
        for (int i = 0; i < kept; i++) {
            ids[i] = tokens.get(i);
        }
        ids[kept - 1] = endOfText;
        return ids;
    }

    /** Greedy lowest-rank pair merging of one pre-token; the last symbol carries the end-of-word mark. */
    List<String> bpe(String token) {
        List<String> word = new ArrayList<>();
        token.codePoints().forEach(cp -> word.add(new String(Character.toChars(cp))));
        word.set(word.size() - 1, word.getLast() + END_OF_WORD);
        while (word.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            String first = null;
            String second = null;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer rank = mergeRanks.get(word.get(i) + " " + word.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    first = word.get(i);
                    second = word.get(i + 1);
                }
            }
            if (first == null) {
                break;
            }
            // merge every left-to-right occurrence of the best pair, as CLIP does
            List<String> merged = new ArrayList<>();
            for (int i = 0; i < word.size(); i++) {
                if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                    merged.add(first + second);
                    i++;
                } else {
                    merged.add(word.get(i));
                }
            }
            word.clear();
            word.addAll(merged);
        }
        return word;
    }

    /**
     * GPT-2/CLIP's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the other 68 bytes map to
     * code points 256.. in byte order.
     */
    static String[] byteSymbols() {
        String[] symbols = new String[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            symbols[b] = new String(Character.toChars(printable ? b : next++));
        }
        return symbols;
    }

    private static int special(Map<String, Integer> vocabulary, String token, String source) {
        Integer id = vocabulary.get(token);
        if (id == null) {
            throw new IllegalArgumentException("CLIP vocabulary " + source + " has no " + token + " token");
        }
        return id;
    }
}
