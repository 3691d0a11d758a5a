package io.diffood.train;

import java.io.PrintStream;

/**
 * One-line progress on stderr: done/total, smoothed loss (training only), rate and ETA, redrawn with
 * {@code \r} at most once a second, with a newline every 5% so that a log file keeps a readable history.
 * The trainer counts steps; the evaluation commands count images.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final String unit;
    private final long total;
    private final long firstStep;
    private final long startNanos = System.nanoTime();
    private double smoothedLoss = Double.NaN;
    private long lastDrawNanos;
    private long lastNewlineTwentieth;

    ProgressBar(PrintStream out, String label, long firstStep, long total) {
        this(out, label, "steps", firstStep, total);
    }

    public ProgressBar(PrintStream out, String label, String unit, long firstStep, long total) {
        this.out = out;
        this.label = label;
        this.unit = unit;
        this.firstStep = firstStep;
        this.total = total;
        this.lastNewlineTwentieth = firstStep * 20 / total;
    }

    double smoothedLoss() {
        return smoothedLoss;
    }

    /** Records the loss of a finished step (1-based count of steps done). */
    void update(long done, double loss) {
        smoothedLoss = Double.isNaN(smoothedLoss) ? loss : 0.98 * smoothedLoss + 0.02 * loss;
        draw(done);
    }

    /** Records progress without a loss (1-based count of units done). */
    public void update(long done) {
        draw(done);
    }

    private void draw(long done) {
        long now = System.nanoTime();
        long twentieth = done * 20 / total;
        boolean newline = twentieth > lastNewlineTwentieth || done == total;
        if (!newline && now - lastDrawNanos < 1_000_000_000L) {
            return;
        }
        lastDrawNanos = now;
        double seconds = (now - startNanos) / 1e9;
        double rate = (done - firstStep) / Math.max(seconds, 1e-9);
        long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        int filled = (int) (WIDTH * done / total);
        String loss = Double.isNaN(smoothedLoss) ? "" : String.format(" loss %.4f", smoothedLoss);
        out.printf("\r%s [%s%s] %d/%d%s %.2f %s/s ETA %s ", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, loss, rate, unit, clock(eta));
        if (newline) {
            out.println();
            lastNewlineTwentieth = twentieth;
        }
        out.flush();
    }

    static String clock(long seconds) {
        return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
