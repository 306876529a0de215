package dev.halftone.schemas;

import static dev.halftone.schemas.FieldCheck.present;
import static dev.halftone.schemas.FieldCheck.range;

/** How many units of one stage a job expects and how many are done; done never exceeds expected. */
public record StageProgress(Stage stage, long expected, long done) {
    public StageProgress {
        present("stages[].stage", stage);
        range("stages[].expected", expected, 0, Long.MAX_VALUE);
        range("stages[].done (" + stage.wireName() + ")", done, 0, expected);
    }
}
