package dev.halftone.stats;

import dev.halftone.schemas.ImageGenerated;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Each variant's generation speed from its {@code image.generated} events: seconds per image is the mean of
 * {@code timing.denoiseMs}, the generator's pipeline (text encoding, sampling, decoding), so loading the variant
 * once and storing the PNG are left out, as in the paper's s/image. The milliseconds are summed as integers, so
 * the same events in any arrival order give the same figure, and the report the same bytes.
 */
public record GenerationTimes(Map<String, Summary> byVariant) {

    /** One variant's images: how many, their mean seconds, and the devices that rendered them (sorted). */
    public record Summary(long images, double secondsPerImage, List<String> devices) {
    }

    public GenerationTimes {
        byVariant = Map.copyOf(byVariant);
    }

    public static GenerationTimes of(Collection<ImageGenerated> images) {
        Map<String, long[]> totals = new TreeMap<>();
        Map<String, TreeSet<String>> devices = new TreeMap<>();
        for (ImageGenerated image : images) {
            long[] countAndMs = totals.computeIfAbsent(image.variant(), v -> new long[2]);
            countAndMs[0]++;
            countAndMs[1] = Math.addExact(countAndMs[1], image.timing().denoiseMs());
            devices.computeIfAbsent(image.variant(), v -> new TreeSet<>()).add(image.device());
        }
        Map<String, Summary> byVariant = new TreeMap<>();
        totals.forEach((variant, countAndMs) -> byVariant.put(variant, new Summary(countAndMs[0],
                countAndMs[1] / 1000.0 / countAndMs[0], List.copyOf(devices.get(variant)))));
        return new GenerationTimes(byVariant);
    }

    /** Empty when no image of the variant was generated (or its events are not in the log any more). */
    public OptionalDouble secondsPerImage(String variant) {
        Summary summary = byVariant.get(variant);
        return summary == null ? OptionalDouble.empty() : OptionalDouble.of(summary.secondsPerImage());
    }

    public List<String> devices(String variant) {
        Summary summary = byVariant.get(variant);
        return summary == null ? List.of() : summary.devices();
    }
}
