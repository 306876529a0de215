package dev.halftone.evaluation.prompts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads prompt sets from TSV or JSONL.
 *
 * <p>TSV: a header row, then one prompt per row, tab-separated, no quoting (PartiPrompts' own layout:
 * {@code Prompt, Category, Challenge, Note}). Columns are matched by header name, case-insensitively; Prompt and
 * Category are required, Challenge, Note, {@code Id} and {@code OCR Target} (or {@code ocr_target}) optional.
 * JSONL: one object per line with {@code prompt} and {@code category}, optional {@code id}, {@code challenge},
 * {@code note}, {@code ocr_target} (or {@code ocrTarget}). Blank lines are skipped. A prompt without an id gets
 * {@code p} and its 1-based data-row number, zero-padded to four digits, so PartiPrompts files get stable ids.
 */
public final class PromptSetReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PromptSetReader() {
    }

    public static PromptSet read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("prompt file not found: " + file);
        }
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt file " + file, e);
        }
    }

    /** Reads a prompt set shipped on the class path, such as {@link #HALFTONE_TINY}. */
    public static PromptSet readResource(String resource) {
        try (InputStream in = PromptSetReader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("prompt resource not found: " + resource);
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt resource " + resource, e);
        }
    }

    /** The default prompt set for the halftone-tiny model (coloured shapes and short signs). */
    public static final String HALFTONE_TINY = "/dev/halftone/evaluation/prompts/halftone-tiny.tsv";

    static PromptSet parse(String source, String content) {
        String lower = source.toLowerCase(Locale.ROOT);
        List<Prompt> prompts;
        if (lower.endsWith(".tsv")) {
            prompts = parseTsv(source, content);
        } else if (lower.endsWith(".jsonl")) {
            prompts = parseJsonl(source, content);
        } else {
            throw new IllegalArgumentException("prompt file " + source + ": expected a .tsv or .jsonl file");
        }
        return new PromptSet(source, prompts);
    }

    private static List<Prompt> parseTsv(String source, String content) {
        List<String> lines = content.lines().toList();
        if (lines.isEmpty() || lines.getFirst().isBlank()) {
            throw new IllegalArgumentException("prompt set " + source + " is empty (no header row)");
        }
        Map<String, Integer> columns = new HashMap<>();
        String[] header = lines.getFirst().replace("\uFEFF", "").split("\t", -1);
        for (int i = 0; i < header.length; i++) {
            columns.put(header[i].strip().toLowerCase(Locale.ROOT).replace(' ', '_'), i);
        }
        for (String required : List.of("prompt", "category")) {
            if (!columns.containsKey(required)) {
                throw new IllegalArgumentException("prompt file " + source + ": header has no '" + required
                        + "' column (found " + String.join(", ", header) + ")");
            }
        }
        List<Prompt> prompts = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        int row = 0;
        for (int lineIndex = 1; lineIndex < lines.size(); lineIndex++) {
            if (lines.get(lineIndex).isBlank()) {
                continue;
            }
            row++;
            String[] cells = lines.get(lineIndex).split("\t", -1);
            String location = source + ":" + (lineIndex + 1);
            String id = cell(cells, columns, "id").orElse(defaultId(row));
            Prompt prompt = build(location, id, cell(cells, columns, "prompt").orElse(""),
                    cell(cells, columns, "category").orElse(""), cell(cells, columns, "challenge").orElse(""),
                    cell(cells, columns, "note").orElse(""),
                    cell(cells, columns, "ocr_target").or(() -> cell(cells, columns, "ocrtarget")));
            requireUnique(firstLine, prompt.id(), lineIndex + 1, source);
            prompts.add(prompt);
        }
        return prompts;
    }

    private static List<Prompt> parseJsonl(String source, String content) {
        List<Prompt> prompts = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        List<String> lines = content.lines().toList();
        int row = 0;
        for (int lineIndex = 0; lineIndex < lines.size(); lineIndex++) {
            if (lines.get(lineIndex).isBlank()) {
                continue;
            }
            row++;
            String location = source + ":" + (lineIndex + 1);
            JsonNode node;
            try {
                node = JSON.readTree(lines.get(lineIndex));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(location + ": not a JSON object: " + e.getOriginalMessage(), e);
            }
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(location + ": each line must be one JSON object");
            }
            Prompt prompt = build(location, field(node, "id").orElse(defaultId(row)), field(node, "prompt").orElse(""),
                    field(node, "category").orElse(""), field(node, "challenge").orElse(""),
                    field(node, "note").orElse(""), field(node, "ocr_target").or(() -> field(node, "ocrTarget")));
            requireUnique(firstLine, prompt.id(), lineIndex + 1, source);
            prompts.add(prompt);
        }
        return prompts;
    }

    private static Prompt build(String location, String id, String text, String category, String challenge,
                                String note, Optional<String> ocrTarget) {
        try {
            return new Prompt(id, text, category, challenge, note, ocrTarget);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(location + ": " + e.getMessage(), e);
        }
    }

    private static void requireUnique(Map<String, Integer> firstLine, String id, int line, String source) {
        Integer earlier = firstLine.putIfAbsent(id, line);
        if (earlier != null) {
            throw new IllegalArgumentException("prompt set " + source + " has duplicate id " + id + " (lines "
                    + earlier + " and " + line + ")");
        }
    }

    private static Optional<String> cell(String[] cells, Map<String, Integer> columns, String column) {
        Integer index = columns.get(column);
        if (index == null || index >= cells.length) {
            return Optional.empty();
        }
        String value = cells[index].strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<String> field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        String text = value.asText().strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static String defaultId(int row) {
        return String.format(Locale.ROOT, "p%04d", row);
    }
}
