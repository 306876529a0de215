package dev.halftone.cli.formats;

import java.io.PrintWriter;

/**
 * A one-line progress bar redrawn in place with carriage returns: {@code [#####.....]  42%  12/211 name}. Redraws at
 * most every {@link #MIN_REDRAW_NANOS} so that a fast loop does not flood the terminal.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long MIN_REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private long lastDraw;
    private int lastLength;

    ProgressBar(PrintWriter out) {
        this.out = out;
    }

    void update(double fraction, String label, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < MIN_REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double f = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(f * WIDTH);
        String line = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format("%3d%%", Math.round(f * 100)) + "  " + label;
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = line.length();
    }

    void finish() {
        out.println();
        out.flush();
    }
}
