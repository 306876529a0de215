package dev.halftone.cli.swarm;

import dev.halftone.schemas.JobProgress;
import dev.halftone.schemas.Stage;
import dev.halftone.schemas.StageProgress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressViewTest {

    private static JobProgress progress(long generated, long scored) {
        return new JobProgress("job-1", List.of(new StageProgress(Stage.GENERATE, 4, generated),
                new StageProgress(Stage.SCORE, 4, scored)));
    }

    @Test
    void withoutATerminalOnlyTheStagesThatChangedAreAppended() {
        var bytes = new ByteArrayOutputStream();
        var view = new ProgressView(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        view.progress(progress(1, 0));
        view.progress(progress(1, 0));
        view.progress(progress(2, 0));
        view.progress(progress(2, 1));
        assertEquals(List.of(
                ProgressView.bar(new StageProgress(Stage.GENERATE, 4, 1)),
                ProgressView.bar(new StageProgress(Stage.SCORE, 4, 0)),
                ProgressView.bar(new StageProgress(Stage.GENERATE, 4, 2)),
                ProgressView.bar(new StageProgress(Stage.SCORE, 4, 1))),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void onATerminalEveryChangeRedrawsAllStagesInPlace() {
        var bytes = new ByteArrayOutputStream();
        var view = new ProgressView(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        view.progress(progress(1, 0));
        view.progress(progress(2, 0));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\u001b[2F\u001b[J"), text);
        assertTrue(text.endsWith(ProgressView.bar(new StageProgress(Stage.GENERATE, 4, 2)) + "\n"
                + ProgressView.bar(new StageProgress(Stage.SCORE, 4, 0)) + "\n"), text);
    }
}
