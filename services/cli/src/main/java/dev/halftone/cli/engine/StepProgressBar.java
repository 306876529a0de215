package dev.halftone.cli.engine;

import dev.halftone.engine.sampler.StepListener;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar over sampling steps on the terminal: {@code [#####.....] 12/48  3.1 s/step}. */
final class StepProgressBar implements StepListener {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final long startNanos;
    private long lastNanos;

    StepProgressBar(PrintWriter err, long startNanos) {
        this.err = err;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
    }

    @Override
    public void stepDone(int step, int steps) {
        lastNanos = System.nanoTime();
        int done = step + 1;
        int filled = done * WIDTH / steps;
        double perStep = (lastNanos - startNanos) / 1e9 / done;
        err.printf(Locale.ROOT, "\r[%s%s] %d/%d %5.2f s/step", "#".repeat(filled), ".".repeat(WIDTH - filled), done,
                steps, perStep);
        if (done == steps) {
            err.println();
        }
        err.flush();
    }

    double elapsedSeconds() {
        return (lastNanos - startNanos) / 1e9;
    }
}
