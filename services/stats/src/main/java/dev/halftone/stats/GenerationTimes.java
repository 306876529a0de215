package dev.halftone.stats;

import dev.halftone.schemas.ImageGenerated;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Each variant's generation speed from its {@code image.generated} events: seconds per image is the mean of
 * {@code timing.denoiseMs}, the generator's pipeline (text encoding, sampling, decoding), so loading the variant
 * once and storing the PNG are left out, as in the paper's s/image. The milliseconds are summed in task-id order, so
 * the same events in any arrival order give the same figure, and the report the same bytes.
 */
public record GenerationTimes(Map<String, Summary> byVariant) {

    /** One variant's mean seconds per image and the devices that rendered its images (sorted). */
    public record Summary(double secondsPerImage, List<String> devices) {
    }

    public GenerationTimes {
        byVariant = Map.copyOf(byVariant);
    }

    public static GenerationTimes of(Collection<ImageGenerated> images) {
        Map<String, List<ImageGenerated>> byVariantImages = new TreeMap<>();
        images.stream().sorted(Comparator.comparing(ImageGenerated::taskId))
                .forEach(image -> byVariantImages.computeIfAbsent(image.variant(), v -> new ArrayList<>()).add(image));
        Map<String, Summary> byVariant = new TreeMap<>();
        byVariantImages.forEach((variant, mine) -> {
            // a double sum: the schema lets one timing be as large as a long, so a long sum could overflow
            double milliseconds = 0;
            for (ImageGenerated image : mine) {
                milliseconds += image.timing().denoiseMs();
            }
            var devices = mine.stream().map(ImageGenerated::device).collect(Collectors.toCollection(TreeSet::new));
            byVariant.put(variant, new Summary(milliseconds / 1000.0 / mine.size(), List.copyOf(devices)));
        });
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
