package dev.halftone.engine.sampler;

import java.util.Arrays;

/** Named step counts (docs/model.md §4), spelled as on the command line. */
public enum SamplerPreset {
    QUALITY_48("quality-48", 48),
    FAST_16("fast-16", 16);

    private final String label;
    private final int steps;

    SamplerPreset(String label, int steps) {
        this.label = label;
        this.steps = steps;
    }

    public String label() {
        return label;
    }

    public int steps() {
        return steps;
    }

    /** The preset spelled {@code label}; an unknown one is an error listing the known ones. */
    public static SamplerPreset of(String label) {
        return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown sampler preset \"" + label + "\"; known: "
                        + Arrays.stream(values()).map(SamplerPreset::label).toList()));
    }
}
