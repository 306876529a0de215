package dev.halftone.schemas;

import static dev.halftone.schemas.FieldCheck.matches;
import static dev.halftone.schemas.FieldCheck.present;

/** The model a study quantizes: its name and the object-store prefix of its model directory (docs/model.md §6). */
public record ModelReference(String name, ObjectLocation location) {
    public ModelReference {
        matches("model.name", name, ContractBounds.NAME);
        present("model.location", location);
    }
}
