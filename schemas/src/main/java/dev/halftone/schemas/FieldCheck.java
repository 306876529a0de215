package dev.halftone.schemas;

import java.util.Collection;
import java.util.Objects;
import java.util.regex.Pattern;

/** Compact-constructor checks shared by the event records; every message names the field and the rule. */
final class FieldCheck {
    private FieldCheck() {
    }

    static <T> T present(String field, T value) {
        return Objects.requireNonNull(value, () -> field + " is required");
    }

    static String matches(String field, String value, Pattern pattern) {
        present(field, value);
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + printable(value) + "' must match " + pattern.pattern());
        }
        return value;
    }

    static String maxLength(String field, String value, int max) {
        present(field, value);
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " is " + value.length() + " characters long, at most " + max + " allowed");
        }
        return value;
    }

    static long range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " is " + value + ", must be in [" + min + ", " + max + "]");
        }
        return value;
    }

    static double range(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(field + " is " + value + ", must be in [" + min + ", " + max + "]");
        }
        return value;
    }

    static <C extends Collection<?>> C size(String field, C values, int min, int max) {
        present(field, values);
        if (values.size() < min || values.size() > max) {
            throw new IllegalArgumentException(field + " has " + values.size() + " entries, must have " + min + " to " + max);
        }
        if (values.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(field + " must not contain null");
        }
        return values;
    }

    /** Cuts long or control-character input so an error line stays one readable line. */
    private static String printable(String value) {
        var cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return cut.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
