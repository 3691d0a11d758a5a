package io.diffood.tools.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Detection metrics of an OOD score, higher = more OOD, with OOD as the positive class unless said otherwise.
 * They follow scikit-learn's definitions so that numbers compare with published ones: AUROC counts ties as
 * half a correct pair ({@code roc_auc_score}); AUPR is average precision, the sum over distinct thresholds of
 * (recall step) x precision, without interpolation ({@code average_precision_score}).
 *
 * <p>FPR@95TPR: the threshold keeps 95% of the in-distribution images (InD accepted when score <= threshold,
 * the same rule as {@link #threshold}); the metric is the share of OOD images accepted as InD at it.
 *
 * @param auroc   area under the ROC curve, OOD positive
 * @param fpr95   share of OOD images at or below the threshold that keeps 95% of InD images
 * @param auprIn  average precision with InD positive (score negated)
 * @param auprOut average precision with OOD positive
 */
public record OodMetrics(double auroc, double fpr95, double auprIn, double auprOut) {

    public static final double TPR = 0.95;

    public static OodMetrics of(double[] ind, double[] ood) {
        return new OodMetrics(auroc(ind, ood), fprAtTpr(ind, ood, TPR), averagePrecision(negate(ind), negate(ood)),
                averagePrecision(ood, ind));
    }

    /** Probability that a random OOD image scores above a random InD one, ties counting half (Mann-Whitney U). */
    public static double auroc(double[] ind, double[] ood) {
        Scored[] all = merge(ind, ood);
        double oodRankSum = 0;
        int i = 0;
        while (i < all.length) { // ascending; a run of ties shares the mean of its 1-based ranks
            int j = i;
            int oodInRun = 0;
            while (j < all.length && all[j].score == all[i].score) {
                oodInRun += all[j].ood ? 1 : 0;
                j++;
            }
            oodRankSum += oodInRun * (i + 1 + j) / 2.0;
            i = j;
        }
        double n = ood.length;
        return (oodRankSum - n * (n + 1) / 2) / (n * ind.length);
    }

    /**
     * The smallest score that keeps at least {@code keep} of the InD scores at or below it: the decision rule is
     * OOD when score > threshold. Used for FPR@95TPR and by the calibration.
     */
    public static double threshold(double[] ind, double keep) {
        if (ind.length == 0 || !(keep > 0 && keep <= 1)) {
            throw new IllegalArgumentException("need InD scores and a share in (0, 1], got " + ind.length + " and " + keep);
        }
        double[] sorted = ind.clone();
        Arrays.sort(sorted);
        // the epsilon keeps 0.95 * 20 = 19.000000000000004 from becoming 20
        int kept = (int) Math.ceil(keep * sorted.length - 1e-9);
        return sorted[Math.max(kept, 1) - 1];
    }

    /** Share of OOD scores accepted as InD (score <= threshold) at the threshold that keeps {@code tpr} of InD. */
    public static double fprAtTpr(double[] ind, double[] ood, double tpr) {
        double threshold = threshold(ind, tpr);
        return (double) Arrays.stream(ood).filter(s -> s <= threshold).count() / ood.length;
    }

    /** scikit-learn's average precision: sum over distinct thresholds, descending, of (R_n - R_(n-1)) P_n. */
    public static double averagePrecision(double[] positive, double[] negative) {
        double ap = 0;
        double previousRecall = 0;
        for (Counts c : countsByThreshold(merge(negative, positive))) {
            double recall = (double) c.flagged / positive.length;
            ap += (recall - previousRecall) * c.flagged / (c.flagged + c.wronglyFlagged);
            previousRecall = recall;
        }
        return ap;
    }

    /** One point of the ROC curve: false positive rate (InD flagged) and true positive rate (OOD flagged). */
    public record RocPoint(double fpr, double tpr) {
    }

    /** The ROC curve from (0, 0) to (1, 1), one point per distinct score (as scikit-learn's roc_curve). */
    public static List<RocPoint> rocCurve(double[] ind, double[] ood) {
        List<RocPoint> points = new ArrayList<>();
        points.add(new RocPoint(0, 0));
        for (Counts c : countsByThreshold(merge(ind, ood))) {
            points.add(new RocPoint((double) c.wronglyFlagged / ind.length, (double) c.flagged / ood.length));
        }
        return points;
    }

    /** Positives and negatives at or above a threshold. */
    private record Counts(int flagged, int wronglyFlagged) {
    }

    /**
     * Cumulative counts at each distinct score, highest first: lowering the threshold past a run of tied scores
     * flags the whole run at once, as scikit-learn does.
     */
    private static List<Counts> countsByThreshold(Scored[] ascending) {
        List<Counts> counts = new ArrayList<>();
        int tp = 0;
        int fp = 0;
        int i = ascending.length - 1;
        while (i >= 0) {
            int j = i;
            while (j >= 0 && ascending[j].score == ascending[i].score) {
                if (ascending[j].ood) {
                    tp++;
                } else {
                    fp++;
                }
                j--;
            }
            counts.add(new Counts(tp, fp));
            i = j;
        }
        return counts;
    }

    private record Scored(double score, boolean ood) {
    }

    /** Both samples in ascending score order, OOD flagged. */
    private static Scored[] merge(double[] ind, double[] ood) {
        if (ind.length == 0 || ood.length == 0) {
            throw new IllegalArgumentException("both samples must be non-empty: " + ind.length + " InD, " + ood.length + " OOD");
        }
        Scored[] all = new Scored[ind.length + ood.length];
        for (int i = 0; i < ind.length; i++) {
            all[i] = new Scored(checked(ind[i]), false);
        }
        for (int i = 0; i < ood.length; i++) {
            all[ind.length + i] = new Scored(checked(ood[i]), true);
        }
        Arrays.sort(all, (a, b) -> Double.compare(a.score, b.score));
        return all;
    }

    private static double checked(double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("a score is NaN");
        }
        return score;
    }

    private static double[] negate(double[] scores) {
        return Arrays.stream(scores).map(s -> -s).toArray();
    }
}
