package dev.halftone.cli.swarm;

import picocli.CommandLine.ITypeConverter;

import java.time.Duration;
import java.util.Locale;

/** Reads {@code PT30M} or the short forms {@code 90s}, {@code 30m}, {@code 2h}. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String text = value.trim().toUpperCase(Locale.ROOT);
        if (text.startsWith("P")) {
            return Duration.parse(text);
        }
        if (text.matches("\\d+[SMH]")) {
            return Duration.parse("PT" + text);
        }
        throw new IllegalArgumentException("'" + value + "' is not a duration; use e.g. 90s, 30m, 2h or PT30M");
    }
}
