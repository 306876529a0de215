package dev.halftone.tinymodel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The texts the training renders spell: {@code words.txt} (words and short phrases) and {@code numbers.txt}
 * beside this class, validated at load.
 *
 * @param words   A-Z, 0-9 and single spaces, at most {@value #MAX_WORD_LENGTH} characters
 * @param numbers digits with at most one '.' or '/' inside, at most {@value #MAX_NUMBER_LENGTH} characters
 */
public record Vocabulary(List<String> words, List<String> numbers) {
    /** Longest word: 13 characters still render with a cap height above 12 px across 116 px. */
    public static final int MAX_WORD_LENGTH = 13;
    public static final int MAX_NUMBER_LENGTH = 6;
    private static final Pattern WORD = Pattern.compile("[A-Z0-9]+( [A-Z0-9]+)*");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+([./][0-9]+)?");

    public Vocabulary {
        words = checked("words", words, WORD, MAX_WORD_LENGTH);
        numbers = checked("numbers", numbers, NUMBER, MAX_NUMBER_LENGTH);
    }

    /** The bundled lists; lines starting with '#' are comments. */
    public static Vocabulary bundled() {
        return new Vocabulary(lines("words.txt"), lines("numbers.txt"));
    }

    private static List<String> checked(String field, List<String> texts, Pattern allowed, int maxLength) {
        List<String> copy = List.copyOf(texts);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        for (String text : copy) {
            if (!allowed.matcher(text).matches() || text.length() > maxLength) {
                throw new IllegalArgumentException(field + ": '" + text + "' does not match " + allowed
                        + " in at most " + maxLength + " characters");
            }
        }
        if (copy.stream().distinct().count() != copy.size()) {
            throw new IllegalArgumentException(field + " must be distinct");
        }
        return copy;
    }

    private static List<String> lines(String resource) {
        try (InputStream in = Vocabulary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing beside " + Vocabulary.class.getName());
            }
            String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return content.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
