package dev.halftone.cli.swarm;

import dev.halftone.schemas.DeadLetter;
import dev.halftone.schemas.JobProgress;
import dev.halftone.schemas.ReportPublished;
import dev.halftone.schemas.StageProgress;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Prints a job's progress as one bar per stage, a line per dead letter with its reason, and where the report is.
 * Redrawn on a terminal; appended otherwise (logs, CI), one line per stage whose count changed, so a long study
 * leaves a log of its progress rather than a copy of every stage at every update.
 */
final class ProgressView implements JobFeed.Listener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private final Set<String> seenLetters = new HashSet<>();
    private final Map<String, String> appendedLines = new HashMap<>();
    private String lastDrawn = "";
    private int drawnLines;
    private ReportPublished report;
    private int deadLetters;

    ProgressView(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void progress(JobProgress progress) {
        if (!terminal) {
            for (StageProgress stage : progress.stages()) {
                String line = bar(stage);
                if (!line.equals(appendedLines.put(stage.stage().wireName(), line))) {
                    out.println(line);
                }
            }
            out.flush();
            return;
        }
        var text = new StringBuilder();
        for (StageProgress stage : progress.stages()) {
            text.append(bar(stage)).append('\n');
        }
        if (text.toString().equals(lastDrawn)) {
            return;
        }
        if (drawnLines > 0) {
            out.print("\u001b[" + drawnLines + "F\u001b[J");
        }
        out.print(text);
        out.flush();
        lastDrawn = text.toString();
        drawnLines = progress.stages().size();
    }

    static String bar(StageProgress stage) {
        int filled = stage.expected() == 0 ? WIDTH : (int) (WIDTH * stage.done() / stage.expected());
        return String.format("%-9s [%s%s] %d/%d", stage.stage().wireName(), "#".repeat(filled), ".".repeat(WIDTH - filled),
                stage.done(), stage.expected());
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        if (seenLetters.add(letter.originalTopic() + "/" + letter.partition() + "/" + letter.offset())) {
            deadLetters++;
            out.println("dead letter from " + letter.service() + " (" + letter.originalTopic() + "): " + letter.error());
            drawnLines = 0;
        }
    }

    @Override
    public boolean report(ReportPublished published) {
        report = published;
        return true;
    }

    @Override
    public void unreadable(String topic, String reason) {
        out.println("skipping an unreadable record on " + topic + ": " + reason);
        drawnLines = 0;
    }

    ReportPublished report() {
        return report;
    }

    int deadLetters() {
        return deadLetters;
    }
}
