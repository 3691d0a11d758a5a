package io.diffood.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Watches the share of {@code ood} answers over a sliding window (the last {@code windowSize} answers, none older
 * than {@code windowDuration}) against the target false-positive rate α.
 * <p>
 * On in-distribution images each answer is {@code ood} with probability α, so the window's ood count is
 * Bin(n, α); the window's p-value is the exact one-sided binomial tail P[X ≥ k | n, α] (the count of thresholded
 * decisions, not a Fisher combination of the per-image p-values, which would need continuous, independent
 * p-values). The alarm rises when the window holds at least {@code minAnswers} answers and its p-value falls below
 * {@code alarmPValue}; it clears when the p-value is back at or above {@code clearPValue} (hysteresis: a window
 * hovering at the threshold does not flap). Each rising is announced unless the previous announced alarm is less
 * than {@code cooldown} old; a clearing is announced when its alarm was.
 * <p>
 * The decision per answer is O(1): the ood counts at which a window of n answers alarms or clears are computed
 * once per n. The p-value itself is computed (O(n)) when read. Thread-safe.
 */
public final class OodRateMonitor {

    /** The monitor's settings; checked when the monitor is made. */
    public record Settings(int windowSize, Duration windowDuration, double falsePositiveRate, double alarmPValue,
            double clearPValue, int minAnswers, Duration cooldown) {

        public Settings {
            require(windowSize >= 1, "window-size must be at least 1, not " + windowSize);
            require(!windowDuration.isNegative() && !windowDuration.isZero(), "window-duration must be positive, not " + windowDuration);
            require(falsePositiveRate > 0 && falsePositiveRate < 1,
                    "the false-positive rate must be in (0, 1), not " + falsePositiveRate);
            require(alarmPValue > 0 && alarmPValue < clearPValue && clearPValue <= 1,
                    "need 0 < alarm-p-value < clear-p-value <= 1, not " + alarmPValue + " and " + clearPValue);
            require(minAnswers >= 1 && minAnswers <= windowSize,
                    "min-answers must be in [1, window-size], not " + minAnswers);
            require(!cooldown.isNegative(), "cooldown must not be negative, not " + cooldown);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /** What an answer or a tick did to the alarm. */
    public enum Change { NONE, ALARM, CLEARED }

    /** A change of the alarm, whether to announce it, and the window at that moment. */
    public record Transition(Change change, boolean announce, Snapshot window) {
    }

    /**
     * The window now. {@code rate} is null for an empty window. {@code alarmCount}: the smallest ood count at which
     * a window of this many answers alarms (above {@code answers} when it cannot, below {@code minAnswers}).
     */
    public record Snapshot(int answers, int oodAnswers, Double rate, double pValue, int alarmCount, boolean alarm,
            Instant alarmSince, Instant oldestAnswer) {
    }

    private static final int UNKNOWN = -1;

    private final Settings settings;
    // ring buffer of the window, oldest at head
    private final long[] times;
    private final boolean[] ood;
    private int head;
    private int size;
    private int oodCount;
    // per window size n: the ood count from which it alarms, and the largest count at which it clears
    private final int[] alarmFrom;
    private final int[] clearUpTo;

    private Instant alarmSince;
    private boolean announced;
    private Instant lastAnnounced;

    public OodRateMonitor(Settings settings) {
        this.settings = settings;
        int n = settings.windowSize();
        times = new long[n];
        ood = new boolean[n];
        alarmFrom = new int[n + 1];
        clearUpTo = new int[n + 1];
        Arrays.fill(alarmFrom, UNKNOWN);
        Arrays.fill(clearUpTo, UNKNOWN);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * False alarms per in-distribution answer in a full window (the stationary rate): a new alarm needs the ood count
     * to step from kc - 1 to kc, where kc = the alarm count of a full window; the answer leaving the window was then
     * in-distribution with probability (N - kc + 1) / N (the window's answers are exchangeable) and the new one is
     * ood with probability α: α · P[X = kc - 1] · (N - kc + 1) / N with X ~ Bin(N, α). An upper bound, since
     * hysteresis merges the steps of one alarm.
     */
    public synchronized double falseAlarmsPerAnswer() {
        int n = settings.windowSize();
        ensureThresholds(n);
        int kc = alarmFrom[n];
        if (kc > n) {
            return 0;
        }
        double[] logTail = Binomial.logUpperTails(n, settings.falsePositiveRate());
        // P[X = kc - 1] = P[X >= kc - 1] - P[X >= kc], in log space
        double logPmf = logTail[kc - 1] + Math.log1p(-Math.exp(logTail[kc] - logTail[kc - 1]));
        return settings.falsePositiveRate() * Math.exp(logPmf) * (n - kc + 1) / n;
    }

    /** One answer at {@code now}. */
    public synchronized Transition record(Instant now, boolean isOod) {
        evict(now);
        if (size == times.length) {
            removeOldest();
        }
        int tail = (head + size) % times.length;
        times[tail] = now.toEpochMilli();
        ood[tail] = isOod;
        size++;
        if (isOod) {
            oodCount++;
        }
        return evaluate(now);
    }

    /** Drops the answers that have aged out of the window and re-evaluates: an alarm clears with no traffic too. */
    public synchronized Transition tick(Instant now) {
        evict(now);
        return evaluate(now);
    }

    /** The window as of the last answer or tick. */
    public synchronized Snapshot snapshot() {
        ensureThresholds(size);
        double pValue = Math.exp(Binomial.logUpperTails(size, settings.falsePositiveRate())[oodCount]);
        int alarmCount = size < settings.minAnswers() ? size + 1 : alarmFrom[size];
        return new Snapshot(size, oodCount, size == 0 ? null : (double) oodCount / size, pValue, alarmCount,
                alarmSince != null, alarmSince, size == 0 ? null : Instant.ofEpochMilli(times[head]));
    }

    private Transition evaluate(Instant now) {
        ensureThresholds(size);
        if (alarmSince == null && size >= settings.minAnswers() && oodCount >= alarmFrom[size]) {
            alarmSince = now;
            announced = lastAnnounced == null || !now.isBefore(lastAnnounced.plus(settings.cooldown()));
            if (announced) {
                lastAnnounced = now;
            }
            return new Transition(Change.ALARM, announced, snapshot());
        }
        if (alarmSince != null && oodCount <= clearUpTo[size]) {
            alarmSince = null;
            return new Transition(Change.CLEARED, announced, snapshot());
        }
        return new Transition(Change.NONE, false, null);
    }

    private void evict(Instant now) {
        long oldestKept = now.minus(settings.windowDuration()).toEpochMilli();
        while (size > 0 && times[head] <= oldestKept) {
            removeOldest();
        }
    }

    private void removeOldest() {
        if (ood[head]) {
            oodCount--;
        }
        head = (head + 1) % times.length;
        size--;
    }

    /** P[X ≥ k] falls with k: alarm from the first k below the alarm p-value, clear up to the last k at or above the clear one. */
    private void ensureThresholds(int n) {
        if (alarmFrom[n] != UNKNOWN) {
            return;
        }
        double[] logTail = Binomial.logUpperTails(n, settings.falsePositiveRate());
        double logAlarm = Math.log(settings.alarmPValue());
        double logClear = Math.log(settings.clearPValue());
        int k = 0;
        while (k <= n && logTail[k] >= logAlarm) {
            k++;
        }
        alarmFrom[n] = k; // n + 1: no count of n answers is that unlikely
        int c = n;
        while (c >= 0 && logTail[c] < logClear) {
            c--;
        }
        clearUpTo[n] = c; // at least 0: P[X >= 0] = 1
    }
}
