package io.diffood.tools.eval;

import io.diffood.detect.Calibration;
import io.diffood.detect.Detector;
import io.diffood.detect.DetectorSuite;
import io.diffood.score.DdpScorer;
import io.diffood.score.Observation;
import io.diffood.score.ScoreJob;
import io.diffood.score.ScoreSettings;
import me.tongfei.progressbar.ProgressBar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Observes image sets through the function's stack and scores them with several detectors at once: each image goes
 * through {@link DdpScorer} once, denoised from the union of the detectors' timesteps with the configured repeats and a
 * noise seed from the run's {@link NoiseSource}, then every detector scores that observation as
 * {@link DetectorSuite#judge} does (p-values from the bundle's calibrations). Images go in fixed-size batches (the
 * function's micro-batches under load are 8 images).
 */
public final class SuiteScoring {

    private final ScoringContext context;
    private final List<String> detectors;
    private final ScoreSettings settings;
    private final int batchSize;
    private final ProgressBar bar;
    private long done;

    public SuiteScoring(ScoringContext context, List<String> detectors, int batchSize, ProgressBar bar) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
        }
        this.context = context;
        this.detectors = List.copyOf(detectors);
        this.settings = context.settingsFor(detectors);
        this.batchSize = batchSize;
        this.bar = bar;
    }

    /** The per-image work of the joint run: the union of the detectors' timesteps. */
    public ScoreSettings settings() {
        return settings;
    }

    public List<String> detectors() {
        return detectors;
    }

    public ScoredSet score(ImageSet set, NoiseSource noise) {
        DdpScorer scorer = context.scorer();
        DetectorSuite suite = context.suite();
        List<Integer> ddpTimesteps = context.ddpTimesteps();
        int n = set.size();
        int[] labels = new int[n];
        Map<String, double[]> scores = new LinkedHashMap<>();
        Map<String, double[]> pValues = new LinkedHashMap<>();
        Map<String, Double> detectorMs = new LinkedHashMap<>();
        for (String d : detectors) {
            scores.put(d, new double[n]);
            detectorMs.put(d, 0.0);
            if (suite.calibration(d).isPresent()) {
                pValues.put(d, new double[n]);
            }
        }
        double denoiserMs = 0;
        double classifierMs = 0;
        long start = System.nanoTime();
        for (int from = 0; from < n; from += batchSize) {
            List<ScoreJob> jobs = new ArrayList<>();
            for (float[] image : set.images().subList(from, Math.min(n, from + batchSize))) {
                jobs.add(ScoreJob.of(image, settings.withSeed(noise.seedFor(image))));
            }
            DdpScorer.Batch batch = scorer.score(jobs);
            denoiserMs += batch.timings().denoiserMs();
            classifierMs += batch.timings().classifierMs();
            for (int j = 0; j < jobs.size(); j++) {
                Observation o = batch.results().get(j);
                int i = from + j;
                labels[i] = o.label();
                for (String name : detectors) {
                    Detector d = suite.detector(name);
                    long t0 = System.nanoTime();
                    double s = d.score(o, ddpTimesteps);
                    detectorMs.merge(name, (System.nanoTime() - t0) / 1e6, Double::sum);
                    scores.get(name)[i] = s;
                    Optional<Calibration> c = suite.calibration(name);
                    if (c.isPresent()) {
                        pValues.get(name)[i] = c.get().pValue(s);
                    }
                }
            }
            done += jobs.size();
            if (bar != null) {
                bar.stepTo(done);
            }
        }
        return new ScoredSet(set, labels, scores, pValues, new ScoredSet.Timing(n, (System.nanoTime() - start) / 1e9,
                denoiserMs, classifierMs, detectorMs));
    }
}
