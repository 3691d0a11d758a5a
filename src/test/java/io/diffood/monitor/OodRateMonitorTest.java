package io.diffood.monitor;

import io.diffood.monitor.OodRateMonitor.Change;
import io.diffood.monitor.OodRateMonitor.Settings;
import io.diffood.monitor.OodRateMonitor.Snapshot;
import io.diffood.monitor.OodRateMonitor.Transition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OodRateMonitorTest {

    /** The function's defaults: diffood.monitor.* and diffood.decision.false-positive-rate. */
    static final Settings DEFAULTS = new Settings(500, Duration.ofMinutes(10), 0.05, 1e-6, 0.05, 30,
            Duration.ofMinutes(5));

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void alarmsAtTheFirstCountWhoseBinomialTailIsBelowTheAlarmPValue() {
        OodRateMonitor monitor = new OodRateMonitor(DEFAULTS);
        Instant now = calmFullWindow(monitor);
        Snapshot calm = monitor.snapshot();
        assertEquals(500, calm.answers());
        assertEquals(25, calm.oodAnswers());
        assertEquals(Binomial.upperTail(25, 500, 0.05), calm.pValue(), 1e-12);
        int kc = calm.alarmCount();
        assertTrue(Binomial.upperTail(kc, 500, 0.05) < 1e-6 && Binomial.upperTail(kc - 1, 500, 0.05) >= 1e-6,
                "alarm count " + kc);
        // a burst of ood answers: every one replaces an answer that was ood one time in 20
        int burst = 0;
        Transition t;
        do {
            now = now.plusMillis(10);
            t = monitor.record(now, true);
            burst++;
        } while (t.change() == Change.NONE);
        assertEquals(Change.ALARM, t.change());
        assertTrue(t.announce());
        assertEquals(kc, t.window().oodAnswers());
        assertTrue(t.window().pValue() < 1e-6);
        assertEquals(now, t.window().alarmSince());
        // (kc - 25) / (1 - 1/20) answers, give or take the spacing of the evenly spread ood ones
        assertEquals((kc - 25) / 0.95, burst, 2, "answers of an all-ood burst before the alarm");
    }

    @Test
    void clearsOnlyOnceThePValueIsBackAboveTheClearPValue() {
        OodRateMonitor monitor = new OodRateMonitor(DEFAULTS);
        Instant now = calmFullWindow(monitor);
        Transition t = null;
        while (t == null || t.change() != Change.ALARM) {
            now = now.plusMillis(10);
            t = monitor.record(now, true);
        }
        // in-distribution answers with no ood at all push the burst out
        int cleared = 0;
        do {
            now = now.plusMillis(10);
            t = monitor.record(now, false);
            Snapshot s = t.window() == null ? monitor.snapshot() : t.window();
            if (t.change() == Change.NONE) {
                assertTrue(s.alarm());
                // hysteresis: still alarming well above the alarm p-value, until the clear p-value
                assertTrue(s.pValue() < 0.05, "p " + s.pValue() + " should have cleared");
            }
            cleared++;
        } while (t.change() != Change.CLEARED);
        assertTrue(t.announce());
        assertTrue(t.window().pValue() >= 0.05);
        assertFalse(t.window().alarm());
        assertNull(t.window().alarmSince());
        assertTrue(cleared > 1, "cleared after " + cleared);
    }

    @Test
    void answersOlderThanTheWindowDurationAgeOutAndTheAlarmClearsWithoutTraffic() {
        Settings settings = new Settings(100, Duration.ofSeconds(60), 0.05, 1e-6, 0.05, 10, Duration.ZERO);
        OodRateMonitor monitor = new OodRateMonitor(settings);
        Transition t = null;
        for (int i = 0; i < 10; i++) {
            t = monitor.record(T0.plusSeconds(i), true);
        }
        assertEquals(Change.ALARM, t.change(), "10 ood of 10 answers: p = 0.05^10");
        assertEquals(Change.NONE, monitor.tick(T0.plusSeconds(60)).change(), "9 answers of the last minute left");
        assertEquals(9, monitor.snapshot().answers());
        assertEquals(T0.plusSeconds(1), monitor.snapshot().oldestAnswer());
        Transition later = monitor.tick(T0.plusSeconds(120));
        assertEquals(Change.CLEARED, later.change());
        assertEquals(0, later.window().answers());
        assertNull(later.window().rate());
        assertEquals(1, later.window().pValue(), 0);
    }

    @Test
    void noAlarmBelowTheMinimumNumberOfAnswers() {
        Settings settings = new Settings(100, Duration.ofMinutes(10), 0.05, 1e-6, 0.05, 30, Duration.ZERO);
        OodRateMonitor monitor = new OodRateMonitor(settings);
        for (int i = 0; i < 29; i++) {
            assertEquals(Change.NONE, monitor.record(T0.plusSeconds(i), true).change(), "answer " + i);
        }
        assertEquals(30, monitor.snapshot().alarmCount(), "cannot alarm yet: above the 29 answers");
        assertEquals(Change.ALARM, monitor.record(T0.plusSeconds(29), true).change());
    }

    @Test
    void aNewAlarmWithinTheCooldownIsNotAnnouncedNorItsClearing() {
        Settings settings = new Settings(20, Duration.ofMinutes(10), 0.05, 1e-3, 0.05, 5, Duration.ofMinutes(5));
        OodRateMonitor monitor = new OodRateMonitor(settings);
        Instant[] now = {T0};
        Transition first = streamUntil(monitor, now, true, Change.ALARM);
        assertTrue(first.announce());
        assertTrue(streamUntil(monitor, now, false, Change.CLEARED).announce());
        Transition second = streamUntil(monitor, now, true, Change.ALARM);
        assertFalse(second.announce(), "one minute after the first");
        assertTrue(second.window().alarm(), "the alarm is real even when not announced");
        assertFalse(streamUntil(monitor, now, false, Change.CLEARED).announce());
        now[0] = now[0].plus(Duration.ofMinutes(5));
        assertTrue(streamUntil(monitor, now, true, Change.ALARM).announce());
    }

    /**
     * The stationary false-alarm rate {@link OodRateMonitor#falseAlarmsPerAnswer()} against a simulation: Bernoulli(α)
     * answers, settings where alarms are frequent enough to count (window 100, alarm p-value 1e-3) and no
     * hysteresis beyond the discreteness (clearing at the count just below the alarm count), so that every step to
     * the alarm count is an alarm.
     */
    @Test
    void simulatedFalseAlarmRateMatchesTheStationaryFormula() {
        int n = 100;
        double alpha = 0.05;
        OodRateMonitor probe = new OodRateMonitor(new Settings(n, Duration.ofDays(1), alpha, 1e-3, 0.05, n,
                Duration.ZERO));
        for (int i = 0; i < n; i++) {
            probe.record(T0.plusMillis(i), false);
        }
        int kc = probe.snapshot().alarmCount();
        double clear = Binomial.upperTail(kc - 1, n, alpha);
        OodRateMonitor monitor = new OodRateMonitor(new Settings(n, Duration.ofDays(1), alpha, 1e-3, clear, n,
                Duration.ZERO));
        int answers = 3_000_000;
        long alarms = simulateAlarms(monitor, alpha, answers, 21);
        double expected = monitor.falseAlarmsPerAnswer() * answers;
        // Poisson-ish count: within 4 standard deviations (alarms are nearly independent at this rate)
        assertEquals(expected, alarms, 4 * Math.sqrt(expected) + 1, "alarms in " + answers + " answers");
        assertTrue(expected > 50, "the simulation must be able to see the rate: " + expected);
    }

    /**
     * The defaults' statement in the README: at most one false alarm per {@code 1 / falseAlarmsPerAnswer()}
     * in-distribution answers on average, and none in two million simulated ones.
     */
    @Test
    void defaultsGiveNoFalseAlarmInALongInDistributionStream() {
        OodRateMonitor monitor = new OodRateMonitor(DEFAULTS);
        double perAnswer = monitor.falseAlarmsPerAnswer();
        assertTrue(perAnswer < 1e-7 && perAnswer > 1e-9, "false alarms per answer " + perAnswer);
        assertTrue(perAnswer < DEFAULTS.alarmPValue(), "bounded by the per-test p-value");
        int answers = 2_000_000;
        assertEquals(0, simulateAlarms(monitor, 0.05, answers, 7), "false alarms in " + answers + " answers");
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class,
                () -> new Settings(0, Duration.ofMinutes(1), 0.05, 1e-6, 0.05, 1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new Settings(10, Duration.ZERO, 0.05, 1e-6, 0.05, 1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new Settings(10, Duration.ofMinutes(1), 0.05, 0.1, 0.05, 1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new Settings(10, Duration.ofMinutes(1), 0.05, 1e-6, 0.05, 11, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new Settings(10, Duration.ofMinutes(1), 1.0, 1e-6, 0.05, 1, Duration.ZERO));
    }

    /** A full window of the defaults at its expected share, 25 ood in 500, the ood ones spread evenly; its last time. */
    private static Instant calmFullWindow(OodRateMonitor monitor) {
        Instant now = T0;
        for (int i = 0; i < 500; i++) {
            now = now.plusMillis(10);
            assertEquals(Change.NONE, monitor.record(now, i % 20 == 0).change());
        }
        return now;
    }

    private static long simulateAlarms(OodRateMonitor monitor, double alpha, int answers, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long alarms = 0;
        for (int i = 0; i < answers; i++) {
            if (monitor.record(T0.plusMillis(i), random.nextDouble() < alpha).change() == Change.ALARM) {
                alarms++;
            }
        }
        return alarms;
    }

    private static Transition streamUntil(OodRateMonitor monitor, Instant[] now, boolean ood, Change change) {
        for (int i = 0; i < 1000; i++) {
            now[0] = now[0].plusSeconds(1);
            Transition t = monitor.record(now[0], ood);
            if (t.change() == change) {
                return t;
            }
        }
        throw new AssertionError("no " + change + " in 1000 answers");
    }
}
