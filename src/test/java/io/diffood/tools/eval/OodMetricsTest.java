package io.diffood.tools.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OodMetricsTest {

    private static final double EPS = 1e-12;

    /** scikit-learn's documented example: y = [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8]. */
    @Test
    void matchesTheScikitLearnDocumentationExample() {
        double[] ind = {0.1, 0.4};
        double[] ood = {0.35, 0.8};
        // roc_auc_score = 0.75: of the 4 (OOD, InD) pairs only (0.35, 0.4) is wrong
        assertEquals(0.75, OodMetrics.auroc(ind, ood), EPS);
        // average_precision_score = 0.8333: at 0.8 P=1 R=1/2; at 0.4 P=1/2 R=1/2; at 0.35 P=2/3 R=1
        // -> 1/2 * 1 + 0 + 1/2 * 2/3 = 5/6
        assertEquals(5.0 / 6, OodMetrics.averagePrecision(ood, ind), EPS);
    }

    /**
     * InD [0.1, 0.4, 0.35, 0.8] vs OOD [0.35, 0.8, 0.9, 0.2], with two InD/OOD ties (0.35 and 0.8).
     */
    @Test
    void countsTiesLikeScikitLearn() {
        double[] ind = {0.1, 0.4, 0.35, 0.8};
        double[] ood = {0.35, 0.8, 0.9, 0.2};
        OodMetrics m = OodMetrics.of(ind, ood);
        // AUROC, pairs won by each OOD score against the 4 InD ones (tie = 1/2):
        // 0.35: 0.1 -> 1, 0.35 -> 1/2          = 1.5
        // 0.8 : 0.1, 0.4, 0.35 -> 3, 0.8 -> 1/2 = 3.5
        // 0.9 : all four                        = 4
        // 0.2 : 0.1                             = 1
        // 10 / 16 = 0.625
        assertEquals(0.625, m.auroc(), EPS);
        // AUPR-Out (OOD positive), thresholds descending, (tp, fp) -> (P, R):
        // 0.9 (1,0) -> (1, 1/4); 0.8 (2,1) -> (2/3, 2/4); 0.4 (2,2) -> (1/2, 2/4);
        // 0.35 (3,3) -> (1/2, 3/4); 0.2 (4,3) -> (4/7, 1); 0.1 (4,4) -> recall unchanged
        // AP = 1/4 (1 + 2/3 + 1/2 + 4/7) = 1/4 * 115/42 = 115/168
        assertEquals(115.0 / 168, m.auprOut(), EPS);
        // AUPR-In (InD positive, score negated: thresholds ascending in score):
        // 0.1 (1,0) -> (1, 1/4); 0.2 (1,1) -> recall unchanged; 0.35 (2,2) -> (1/2, 2/4);
        // 0.4 (3,2) -> (3/5, 3/4); 0.8 (4,3) -> (4/7, 1); 0.9 -> recall unchanged
        // AP = 1/4 (1 + 1/2 + 3/5 + 4/7) = 1/4 * 187/70 = 187/280
        assertEquals(187.0 / 280, m.auprIn(), EPS);
        // FPR@95: keep ceil(0.95 * 4) = 4 InD scores -> threshold 0.8; OOD <= 0.8: 0.35, 0.8, 0.2 -> 3/4
        assertEquals(0.8, OodMetrics.threshold(ind, 0.95), EPS);
        assertEquals(0.75, m.fpr95(), EPS);
    }

    @Test
    void perfectSeparation() {
        OodMetrics m = OodMetrics.of(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {0.6, 0.7, 0.8, 0.9});
        assertEquals(new OodMetrics(1, 0, 1, 1), m);
    }

    @Test
    void reversedSeparation() {
        OodMetrics m = OodMetrics.of(new double[] {0.6, 0.7, 0.8, 0.9}, new double[] {0.1, 0.2, 0.3, 0.4});
        assertEquals(0, m.auroc(), EPS);
        assertEquals(1, m.fpr95(), EPS);
        // AUPR-Out: every InD enters first; at 0.4, 0.3, 0.2, 0.1: P = 1/5, 2/6, 3/7, 4/8, each recall step 1/4
        // -> 1/4 (1/5 + 1/3 + 3/7 + 1/2) = 1/4 * 307/210 = 307/840 (and the same for AUPR-In by symmetry)
        assertEquals(307.0 / 840, m.auprOut(), EPS);
        assertEquals(307.0 / 840, m.auprIn(), EPS);
    }

    @Test
    void allTiedIsChance() {
        OodMetrics m = OodMetrics.of(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5, 0.5, 0.5});
        assertEquals(0.5, m.auroc(), EPS);
        // one threshold: everything flagged, precision = share of the positive class, recall 1
        assertEquals(5.0 / 8, m.auprOut(), EPS);
        assertEquals(3.0 / 8, m.auprIn(), EPS);
        assertEquals(1, m.fpr95(), EPS);
    }

    @Test
    void thresholdIsTheKeepQuantileOfInD() {
        double[] ind = new double[20];
        for (int i = 0; i < ind.length; i++) {
            ind[ind.length - 1 - i] = (i + 1) / 20.0; // 1.0 .. 0.05, unsorted on purpose
        }
        // 0.95 * 20 = 19 scores kept (19.000000000000004 in floating point must not become 20)
        assertEquals(0.95, OodMetrics.threshold(ind, 0.95), EPS);
        assertEquals(1.0, OodMetrics.threshold(ind, 1.0), EPS);
        // 0.5 * 20 = 10 kept; 0.52 * 20 = 10.4 -> 11 kept: at least the share, never less
        assertEquals(0.50, OodMetrics.threshold(ind, 0.5), EPS);
        assertEquals(0.55, OodMetrics.threshold(ind, 0.52), EPS);
        assertThrows(IllegalArgumentException.class, () -> OodMetrics.threshold(ind, 0));
    }

    @Test
    void rocCurveStepsThroughDistinctScores() {
        List<OodMetrics.RocPoint> curve = OodMetrics.rocCurve(new double[] {0.1, 0.4, 0.35, 0.8},
                new double[] {0.35, 0.8, 0.9, 0.2});
        // thresholds 0.9, 0.8, 0.4, 0.35, 0.2, 0.1 after the (0, 0) start; the trapezoids give the AUROC
        List<OodMetrics.RocPoint> expected = List.of(new OodMetrics.RocPoint(0, 0), new OodMetrics.RocPoint(0, 0.25),
                new OodMetrics.RocPoint(0.25, 0.5), new OodMetrics.RocPoint(0.5, 0.5), new OodMetrics.RocPoint(0.75, 0.75),
                new OodMetrics.RocPoint(0.75, 1), new OodMetrics.RocPoint(1, 1));
        assertEquals(expected, curve);
        double area = 0;
        for (int i = 1; i < curve.size(); i++) {
            area += (curve.get(i).fpr() - curve.get(i - 1).fpr()) * (curve.get(i).tpr() + curve.get(i - 1).tpr()) / 2;
        }
        assertEquals(0.625, area, EPS);
    }

    @Test
    void refusesNaNAndEmptySamples() {
        assertThrows(IllegalArgumentException.class, () -> OodMetrics.auroc(new double[] {Double.NaN}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> OodMetrics.auroc(new double[0], new double[] {1}));
    }
}
