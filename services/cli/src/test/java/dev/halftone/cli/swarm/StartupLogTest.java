package dev.halftone.cli.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one line the launcher quotes when a service exits during start (the scorer's log of a missing model folder). */
class StartupLogTest {

    @Test
    void quotesTheFirstCauseThatCarriesTheRootCausesMessage(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("scorer.log"), """
                2026-12-07 05:49:58,248 ERROR [io.quarkus.runtime.Application] (main) Failed to start application: java.lang.RuntimeException: Failed to start quarkus
                \tat io.quarkus.runner.ApplicationImpl.doStart(Unknown Source)
                Caused by: java.lang.RuntimeException: java.lang.IllegalStateException: halftone.scorer.clip-model (HALFTONE_SCORER_CLIP_MODEL) = /x: CLIP tokenizer file not found: /x/vocab.json
                \t... 12 more
                Caused by: java.lang.IllegalStateException: halftone.scorer.clip-model (HALFTONE_SCORER_CLIP_MODEL) = /x: CLIP tokenizer file not found: /x/vocab.json
                \tat dev.halftone.scorer.ScoringModels.loading(ScoringModels.java:54)
                Caused by: java.lang.IllegalArgumentException: CLIP tokenizer file not found: /x/vocab.json
                \tat dev.halftone.evaluation.metrics.ClipTokenizer.load(ClipTokenizer.java:56)
                """);
        assertEquals(Optional.of("java.lang.RuntimeException: java.lang.IllegalStateException: halftone.scorer.clip-model"
                + " (HALFTONE_SCORER_CLIP_MODEL) = /x: CLIP tokenizer file not found: /x/vocab.json"), StartupLog.cause(log));
    }

    @Test
    void aLogWithoutACauseOrNoLogAtAllGivesNothing(@TempDir Path dir) throws IOException {
        assertEquals(Optional.empty(), StartupLog.cause(Files.writeString(dir.resolve("a.log"), "started\nkilled\n")));
        assertEquals(Optional.empty(), StartupLog.cause(dir.resolve("absent.log")));
        Path bare = Files.writeString(dir.resolve("b.log"), "Caused by: java.lang.OutOfMemoryError\n");
        assertEquals(Optional.of("java.lang.OutOfMemoryError"), StartupLog.cause(bare));
    }
}
