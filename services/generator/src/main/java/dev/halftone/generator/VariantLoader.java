package dev.halftone.generator;

import dev.halftone.schemas.GenerateTask;

/** Loads the variant a task names (fetching its files from the object store first) into a renderer. */
public interface VariantLoader {

    /**
     * @throws IllegalArgumentException when the variant does not exist, its format is unknown to the engine or the
     *     task asks for a resolution the model cannot render: input errors that go to the dead-letter topic
     */
    VariantRenderer load(GenerateTask task);
}
