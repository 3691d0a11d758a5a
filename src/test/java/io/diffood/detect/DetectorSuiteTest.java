package io.diffood.detect;

import io.diffood.score.InvalidSettingsException;
import io.diffood.score.Observation;
import io.diffood.score.Space;
import io.diffood.score.vectorization.ReductionProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decision rule, detector selection and the timesteps a selection needs, on hand-made observations. */
class DetectorSuiteTest {

    private static final List<Detector> DETECTORS = List.of(
            LogitDetector.all(ReductionProvider.get()).get(1), // maxLogit: -max z
            new DdpDetector(Space.LOGITS, ReductionProvider.get()));
    /** Validation maxLogit scores -10, -9, ..., -1: p(s) = (1 + #{v >= s}) / 11. */
    private static final Calibration MAX_LOGIT = Calibration.of(new double[] {-10, -9, -8, -7, -6, -5, -4, -3, -2, -1});

    private static Observation logits(float... z) {
        return new Observation(z, new float[0], 0, 0, Map.of(), 0);
    }

    @Test
    void aCalibratedDecisionIsThePValueBelowTheRate() {
        DetectorSuite suite = new DetectorSuite(DETECTORS, Map.of("maxLogit", MAX_LOGIT), "maxLogit", 0.2, 99);
        // p < 0.2 needs at most one validation score >= s: s > -2
        assertEquals(-2, suite.judge(logits(0, 1.5f), List.of("maxLogit"), List.of()).threshold());
        DetectorSuite.Verdict in = suite.judge(logits(0, 2f), List.of("maxLogit"), List.of());
        assertEquals(-2, in.score());
        assertEquals(3.0 / 11, in.pValues().get("maxLogit"), 1e-12); // -2 and -1 are >= -2
        assertFalse(in.ood());
        DetectorSuite.Verdict out = suite.judge(logits(0, 1.5f), List.of("maxLogit"), List.of());
        assertEquals(2.0 / 11, out.pValues().get("maxLogit"), 1e-12); // only -1 is >= -1.5
        assertTrue(out.ood());
    }

    @Test
    void theRuleAndItsThresholdAgree() {
        DetectorSuite suite = new DetectorSuite(DETECTORS, Map.of("maxLogit", MAX_LOGIT), "maxLogit", 0.2, 99);
        for (float top = -0.5f; top <= 12; top += 0.25f) {
            DetectorSuite.Verdict v = suite.judge(logits(top), List.of("maxLogit"), List.of());
            assertEquals(v.pValues().get("maxLogit") < 0.2, v.ood(), "max logit " + top);
            assertEquals(v.score() > v.threshold(), v.ood(), "max logit " + top);
        }
    }

    @Test
    void anUncalibratedDecisionUsesItsThreshold() {
        DetectorSuite suite = new DetectorSuite(DETECTORS, Map.of(), "maxLogit", 0.05, -3);
        assertTrue(suite.judge(logits(2), List.of("maxLogit"), List.of()).ood());
        assertFalse(suite.judge(logits(4), List.of("maxLogit"), List.of()).ood());
        assertTrue(suite.judge(logits(2), List.of("maxLogit"), List.of()).pValues().isEmpty());
    }

    @Test
    void selectionAddsTheDecisionKeepsTheSuiteOrderAndRefusesUnknownNames() {
        DetectorSuite suite = new DetectorSuite(DETECTORS, Map.of(), "maxLogit", 0.05, 0);
        assertEquals(List.of("maxLogit", "ddp"), suite.select(List.of("ddp")));
        assertEquals(List.of("maxLogit"), suite.select(List.of()));
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> suite.select(List.of("knn")));
        assertEquals("unknown_detector", e.code());
        assertTrue(e.getMessage().contains("maxLogit, ddp"), e.getMessage());
    }

    @Test
    void onlyDenoisingDetectorsNeedTimesteps() {
        DetectorSuite suite = new DetectorSuite(DETECTORS, Map.of(), "maxLogit", 0.05, 0);
        assertEquals(List.of(), suite.timesteps(List.of("maxLogit"), List.of(120, 480)));
        assertEquals(List.of(120, 480), suite.timesteps(List.of("maxLogit", "ddp"), List.of(120, 480)));
    }
}
