package dev.halftone.stats;

import dev.halftone.schemas.JobSubmitted;

/** How many images one variant of a study makes: prompts x seeds over every prompt set, referenced sets included. */
public interface PromptCounter {

    /** @throws IllegalArgumentException when a referenced prompt set is missing or malformed */
    long imagesPerVariant(JobSubmitted study);
}
