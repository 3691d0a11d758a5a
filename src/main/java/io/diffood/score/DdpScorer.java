package io.diffood.score;

import io.diffood.diffusion.DdimSampler;
import io.diffood.diffusion.DenoiserRange;
import io.diffood.diffusion.GaussianNoise;
import io.diffood.diffusion.NoisePredictor;
import io.diffood.diffusion.NoiseSchedule;
import io.diffood.diffusion.Trajectory;
import io.diffood.model.Classifier;
import io.diffood.score.vectorization.ReductionSupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The diffusion denoising process score for a batch of images. Every image, timestep and repeat of the
 * batch goes through the denoiser together, so a batch costs as many model calls as its longest
 * trajectory has DDIM steps, and the classifier runs twice (clean images, then all denoised ones).
 */
public final class DdpScorer {

    /**
     * Where the time of one batch went: inside classifier calls, inside denoiser calls, and in all (the rest is
     * Java orchestration: noising, DDIM arithmetic, copies).
     */
    public record Timings(double classifierMs, double denoiserMs, double totalMs, int denoiserCalls, int batchSize) {
    }

    /** Results in job order, with the batch's timings. */
    public record Batch(List<ScoreResult> results, Timings timings) {
    }

    private final Classifier classifier;
    private final NoisePredictor denoiser;
    private final NoiseSchedule schedule;
    private final DdimSampler sampler;
    private final Space space;
    private final ReductionSupport reductions;

    public DdpScorer(Classifier classifier, NoisePredictor denoiser, NoiseSchedule schedule, DdimSampler sampler,
            Space space, ReductionSupport reductions) {
        this.classifier = classifier;
        this.denoiser = denoiser;
        this.schedule = schedule;
        this.sampler = sampler;
        this.space = space;
        this.reductions = reductions;
    }

    /** Scores a batch of jobs; results in job order. */
    public Batch score(List<ScoreJob> jobs) {
        long start = System.nanoTime();
        int n = jobs.size();
        List<float[]> images = jobs.stream().map(ScoreJob::image).toList();
        int size = classifier.imageShape().size();
        long[] classifierNanos = {0};
        long[] denoiserNanos = {0};
        Classifier.Outputs clean = timed(classifierNanos, () -> classifier.classify(concat(images, size), n));

        int[] labels = new int[n];
        List<Trajectory> trajectories = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels[i] = argMax(clean.logits(), i * clean.numClasses(), clean.numClasses());
            ScoreSettings s = jobs.get(i).settings();
            float[] x0 = DenoiserRange.fromUnit(images.get(i));
            float[][] noise = GaussianNoise.draws(s.seed(), s.repeats(), size);
            for (int t : s.timesteps()) {
                for (float[] draw : noise) { // one draw per repeat, shared by the timesteps
                    trajectories.add(Trajectory.noised(schedule, x0, draw, t, labels[i], jobs.get(i).abandoned()));
                }
            }
        }
        int calls = sampler.denoise(trajectories, (x, t, y) -> timed(denoiserNanos, () -> denoiser.predictNoise(x, t, y)));

        float[] denoised = new float[trajectories.size() * size];
        for (int j = 0; j < trajectories.size(); j++) {
            float[] x = trajectories.get(j).image();
            for (int p = 0; p < size; p++) {
                denoised[j * size + p] = DenoiserRange.toUnit(x[p]);
            }
        }
        Classifier.Outputs moved = timed(classifierNanos, () -> classifier.classify(denoised, trajectories.size()));

        // normalized in place below: copies, so that the baselines still see the raw logits
        float[] ref = vectors(clean).clone();
        float[] out = vectors(moved);
        int dim = space == Space.LOGITS ? clean.numClasses() : clean.featureDim();
        List<ScoreResult> results = new ArrayList<>(n);
        int row = 0;
        for (int i = 0; i < n; i++) {
            ScoreSettings s = jobs.get(i).settings();
            reductions.normalize(ref, i * dim, dim);
            Map<Integer, Double> perTimestep = new LinkedHashMap<>();
            double sum = 0;
            for (int t : s.timesteps()) {
                double total = 0;
                for (int r = 0; r < s.repeats(); r++, row++) {
                    reductions.normalize(out, row * dim, dim);
                    total += reductions.l1Distance(ref, i * dim, out, row * dim, dim);
                }
                double score = total / s.repeats();
                perTimestep.put(t, score);
                sum += score;
            }
            int k = clean.numClasses();
            Baselines baselines = Baselines.of(clean.logits(), i * k, k, reductions);
            results.add(new ScoreResult(sum / s.timesteps().size(), perTimestep, labels[i], 1.0 - baselines.msp(),
                    baselines, s.seed(), sampler.evaluations(s.timesteps(), s.repeats())));
        }
        return new Batch(results, new Timings(classifierNanos[0] / 1e6, denoiserNanos[0] / 1e6, millisSince(start), calls, n));
    }

    /** One cheap pass through both models, so that the first real batch does not pay for graph set-up. */
    public void warmUp() {
        score(List.of(ScoreJob.of(new float[classifier.imageShape().size()], new ScoreSettings(List.of(1), 1, 0))));
    }

    private static <T> T timed(long[] nanos, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            nanos[0] += System.nanoTime() - start;
        }
    }

    private float[] vectors(Classifier.Outputs outputs) {
        return space == Space.LOGITS ? outputs.logits() : outputs.features();
    }

    private static float[] concat(List<float[]> images, int size) {
        float[] all = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, all, i * size, size);
        }
        return all;
    }

    private static int argMax(float[] v, int off, int len) {
        int best = 0;
        for (int i = 1; i < len; i++) {
            if (v[off + i] > v[off + best]) {
                best = i;
            }
        }
        return best;
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
