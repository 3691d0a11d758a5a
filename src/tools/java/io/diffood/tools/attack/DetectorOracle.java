package io.diffood.tools.attack;

import io.diffood.detect.Detector;
import io.diffood.score.DdpScorer;
import io.diffood.score.NoiseSeeds;
import io.diffood.score.Observation;
import io.diffood.score.ScoreJob;
import io.diffood.score.ScoreSettings;
import io.diffood.tools.eval.NoiseSource;
import io.diffood.tools.eval.ScoringContext;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One detector of the suite as an attacker sees it through the function: every query is an image scored through
 * {@link DdpScorer} with the detector's own timesteps, the configured repeats and the noise the function would give
 * it ({@link NoiseSource}: the same seed for every query, a keyed seed per image, or fresh noise per query). An
 * attacker who averages (expectation over transformation, EOT) sends each query {@code eot} times and averages the
 * answers; under keyed noise the copies differ by one grey level in one pixel, as an attacker must make them to get
 * other noise.
 */
final class DetectorOracle implements ScoreOracle {

    private final ScoringContext context;
    private final Detector detector;
    private final ScoreSettings settings;
    private final NoiseSource noise;
    private final int eot;
    private final int chunk;
    private long queries;
    private long evaluations;

    /** @param chunk images per scorer call */
    DetectorOracle(ScoringContext context, String detector, NoiseSource noise, int eot, int chunk) {
        if (eot < 1) {
            throw new IllegalArgumentException("eot must be at least 1, not " + eot);
        }
        this.context = context;
        this.detector = context.suite().detector(detector);
        this.settings = context.settingsFor(List.of(detector));
        this.noise = noise;
        this.eot = eot;
        this.chunk = chunk;
    }

    /** Denoiser evaluations one query costs the function. */
    int evaluationsPerQuery() {
        return context.evaluations(settings);
    }

    @Override
    public long queries() {
        return queries;
    }

    @Override
    public long evaluations() {
        return evaluations;
    }

    @Override
    public double[] scores(List<float[]> images) {
        List<float[]> sent = Probes.copies(images, eot, noise.policy() == NoiseSeeds.Policy.KEYED);
        double[] answers = new double[sent.size()];
        DdpScorer scorer = context.scorer();
        List<Integer> ddpTimesteps = context.ddpTimesteps();
        for (int from = 0; from < sent.size(); from += chunk) {
            List<ScoreJob> jobs = new ArrayList<>();
            for (float[] image : sent.subList(from, Math.min(sent.size(), from + chunk))) {
                jobs.add(ScoreJob.of(image, settings.withSeed(noise.seedFor(image))));
            }
            List<Observation> observed = scorer.score(jobs).results();
            int offset = from;
            // the KNN search of a one-pass query costs more than its classifier pass: both cores take part
            IntStream.range(0, observed.size()).parallel()
                    .forEach(j -> answers[offset + j] = detector.score(observed.get(j), ddpTimesteps));
        }
        queries += sent.size();
        evaluations += (long) sent.size() * evaluationsPerQuery();
        return Probes.averaged(answers, eot);
    }
}
