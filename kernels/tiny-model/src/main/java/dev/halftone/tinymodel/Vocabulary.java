package dev.halftone.tinymodel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/** The texts the training renders spell: {@code vocabulary.txt} beside this class, validated at load. */
public record Vocabulary(List<String> texts) {
    /** Longest text: 13 characters still render with a cap height above 12 px across 116 px. */
    public static final int MAX_TEXT_LENGTH = 13;
    private static final Pattern ALLOWED = Pattern.compile("[A-Z0-9]+( [A-Z0-9]+)*");

    public Vocabulary {
        texts = List.copyOf(texts);
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("texts must not be empty");
        }
        for (String text : texts) {
            if (!ALLOWED.matcher(text).matches() || text.length() > MAX_TEXT_LENGTH) {
                throw new IllegalArgumentException("texts: '" + text + "' is not 1-" + MAX_TEXT_LENGTH
                        + " characters of A-Z, 0-9 and single spaces");
            }
        }
        if (texts.stream().distinct().count() != texts.size()) {
            throw new IllegalArgumentException("texts must be distinct");
        }
    }

    /** The bundled list; lines starting with '#' are comments. */
    public static Vocabulary bundled() {
        try (InputStream in = Vocabulary.class.getResourceAsStream("vocabulary.txt")) {
            if (in == null) {
                throw new IllegalStateException("vocabulary.txt is missing beside " + Vocabulary.class.getName());
            }
            String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Vocabulary(content.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
