package dev.halftone.schemas;

import static dev.halftone.schemas.FieldCheck.matches;
import static dev.halftone.schemas.FieldCheck.present;

/** One variant of a study: a name unique within the job and the recipe that makes it. */
public record Variant(String name, Recipe recipe) {
    public Variant {
        matches("variant.name", name, ContractBounds.NAME);
        present("variant.recipe", recipe);
    }
}
