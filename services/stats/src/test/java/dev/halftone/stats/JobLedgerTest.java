package dev.halftone.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ModelReference;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.schemas.PromptSet;
import dev.halftone.schemas.Recipe;
import dev.halftone.schemas.Resolution;
import dev.halftone.schemas.Stage;
import dev.halftone.schemas.StageProgress;
import dev.halftone.schemas.Variant;
import dev.halftone.schemas.VariantFormat;

import java.util.List;

import org.junit.jupiter.api.Test;

class JobLedgerTest {
    static final JobSubmitted STUDY = new JobSubmitted("job-1",
            new ModelReference("halftone-tiny", new ObjectLocation("halftone", "models/halftone-tiny")),
            List.of(new Variant("fp8", Recipe.of(VariantFormat.FP8_REFERENCE)), new Variant("nf4", Recipe.of(VariantFormat.NF4))),
            List.of(PromptSet.inline("p", List.of("a", "b"))), List.of(1000L), 16, 4.0, new Resolution(128, 64));

    @Test
    void countsEachResultOnceAndIsReadyWhenEveryStageIsFull() {
        JobLedger ledger = new JobLedger(STUDY, 2);
        assertTrue(ledger.record(Stage.QUANTIZE, "fp8"));
        assertFalse(ledger.record(Stage.QUANTIZE, "fp8"), "a redelivered variant must not count twice");
        ledger.record(Stage.QUANTIZE, "nf4");
        for (String variant : List.of("fp8", "nf4")) {
            for (int prompt = 0; prompt < 2; prompt++) {
                ledger.record(Stage.GENERATE, variant + ".p." + prompt + ".1000");
                ledger.record(Stage.GENERATE, variant + ".p." + prompt + ".1000");
                assertFalse(ledger.readyToReport());
                ledger.record(Stage.SCORE, variant + ".p." + prompt + ".1000");
            }
        }
        assertEquals(new StageProgress(Stage.GENERATE, 4, 4), ledger.progress().get(2));
        assertEquals(new StageProgress(Stage.PROFILE, 0, 0), ledger.progress().get(0), "no INT8 variant, no profile");
        assertTrue(ledger.readyToReport());
    }

    @Test
    void refusesAResultBeyondWhatTheJobExpects() {
        JobLedger ledger = new JobLedger(STUDY, 2);
        ledger.record(Stage.QUANTIZE, "fp8");
        ledger.record(Stage.QUANTIZE, "nf4");
        assertThrows(IllegalArgumentException.class, () -> ledger.record(Stage.QUANTIZE, "q4k"));
    }
}
