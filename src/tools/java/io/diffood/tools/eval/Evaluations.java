package io.diffood.tools.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns scored samples and the joint run's timings into an {@link EvaluationResult}. */
final class Evaluations {

    static final String ATTRIBUTION = "Every image was observed once for all detectors (denoised from the union of "
            + "their timesteps); a detector's ms/image is its share of that joint run: the denoiser time in proportion "
            + "to its denoiser evaluations, the classifier time in proportion to its classifier passes, the remaining "
            + "Java orchestration (noising, DDIM arithmetic, copies) in proportion to its denoiser evaluations (all of "
            + "it for every detector when none uses the denoiser), plus the measured time of its own score computation "
            + "(e.g. the KNN search). Batched throughput at the run's batch size on this machine, not a request latency.";

    /** A detector's identity and cost model. */
    record DetectorInfo(String name, String description, boolean usesDenoiser, boolean calibrated,
            int denoiserEvaluations, int classifierPasses) {
    }

    /** The joint run's raw timings. */
    record RawTiming(double seconds, double denoiserMs, double classifierMs, Map<String, Double> detectorMs,
            List<Integer> unionTimesteps, int repeats, int unionEvaluations, int unionPasses, double totalSeconds) {
    }

    private Evaluations() {
    }

    /** Detectors in report order: the decision detector first, then the others in the suite's order. */
    static List<DetectorInfo> decisionFirst(List<DetectorInfo> detectors, String decision) {
        List<DetectorInfo> ordered = new ArrayList<>();
        detectors.stream().filter(d -> d.name().equals(decision)).forEach(ordered::add);
        detectors.stream().filter(d -> !d.name().equals(decision)).forEach(ordered::add);
        return ordered;
    }

    static EvaluationResult build(EvaluationResult.Run run, Map<String, Object> settings, String decision,
            double alpha, List<DetectorInfo> detectors, ScoredSet ind, List<ScoredSet> oods, RawTiming raw) {
        List<DetectorInfo> ordered = decisionFirst(detectors, decision);
        List<EvaluationResult.SetResult> sets = new ArrayList<>();
        for (ScoredSet ood : oods) {
            Map<String, EvaluationResult.Metrics> metrics = new LinkedHashMap<>();
            for (DetectorInfo d : ordered) {
                OodMetrics m = OodMetrics.of(ind.scores(d.name()), ood.scores(d.name()));
                metrics.put(d.name(), new EvaluationResult.Metrics(m.auroc(), m.fpr95(), m.auprIn(), m.auprOut(),
                        nullIfNaN(ood.flaggedShare(d.name(), alpha))));
            }
            sets.add(new EvaluationResult.SetResult(sample(ood), metrics));
        }
        int images = ind.set().size() + oods.stream().mapToInt(s -> s.set().size()).sum();
        double detectorTotal = raw.detectorMs().values().stream().mapToDouble(Double::doubleValue).sum();
        double orchestration = Math.max(0, raw.seconds() * 1000 - raw.denoiserMs() - raw.classifierMs() - detectorTotal);
        List<EvaluationResult.DetectorRow> rows = new ArrayList<>();
        for (DetectorInfo d : ordered) {
            double evalShare = raw.unionEvaluations() == 0 ? 0 : (double) d.denoiserEvaluations() / raw.unionEvaluations();
            double passShare = (double) d.classifierPasses() / raw.unionPasses();
            double restShare = raw.unionEvaluations() == 0 ? 1 : evalShare;
            double ms = (raw.denoiserMs() * evalShare + raw.classifierMs() * passShare + orchestration * restShare
                    + raw.detectorMs().getOrDefault(d.name(), 0.0)) / images;
            double mean = 0;
            double worst = Double.POSITIVE_INFINITY;
            String worstSet = null;
            for (EvaluationResult.SetResult s : sets) {
                double auroc = s.metrics().get(d.name()).auroc();
                mean += auroc / sets.size();
                if (auroc < worst) {
                    worst = auroc;
                    worstSet = s.sample().name();
                }
            }
            Double fpr = nullIfNaN(ind.flaggedShare(d.name(), alpha));
            Integer flagged = fpr == null ? null : (int) Math.round(fpr * ind.set().size());
            rows.add(new EvaluationResult.DetectorRow(d.name(), d.description(), d.usesDenoiser(), d.calibrated(),
                    d.denoiserEvaluations(), d.classifierPasses(), ms, 1000 / ms, mean, worst, worstSet, fpr, flagged));
        }
        EvaluationResult.Timing timing = new EvaluationResult.Timing(images, raw.seconds(), images / raw.seconds(),
                raw.denoiserMs(), raw.classifierMs(), raw.unionTimesteps(), raw.repeats(), raw.unionEvaluations(),
                raw.unionPasses(), raw.detectorMs(), raw.totalSeconds(), ATTRIBUTION);
        return new EvaluationResult(run, settings, sample(ind), decision, alpha, rows, sets, timing);
    }

    static EvaluationResult.Sample sample(ScoredSet s) {
        return new EvaluationResult.Sample(s.set().name(), s.set().description(), s.set().available(), s.set().size());
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
