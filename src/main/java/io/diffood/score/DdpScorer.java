package io.diffood.score;

import io.diffood.diffusion.DdimSampler;
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

    /** Scores images given in the classifier's input layout (HWC, [0, 1]). */
    public Batch score(List<float[]> images, List<ScoreSettings> settings) {
        long start = System.nanoTime();
        int n = images.size();
        int size = classifier.imageShape().size();
        long[] classifierNanos = {0};
        long[] denoiserNanos = {0};
        Classifier.Outputs clean = timed(classifierNanos, () -> classifier.classify(concat(images, size), n));

        int[] labels = new int[n];
        List<Trajectory> trajectories = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels[i] = argMax(clean.logits(), i * clean.numClasses(), clean.numClasses());
            ScoreSettings s = settings.get(i);
            float[] x0 = toDenoiserRange(images.get(i));
            float[][] noise = GaussianNoise.draws(s.seed(), s.repeats(), size);
            for (int t : s.timesteps()) {
                for (float[] draw : noise) { // one draw per repeat, shared by the timesteps
                    trajectories.add(Trajectory.noised(schedule, x0, draw, t, labels[i]));
                }
            }
        }
        int calls = sampler.denoise(trajectories, (x, t, y) -> timed(denoiserNanos, () -> denoiser.predictNoise(x, t, y)));

        float[] denoised = new float[trajectories.size() * size];
        for (int j = 0; j < trajectories.size(); j++) {
            toClassifierRange(trajectories.get(j).image(), denoised, j * size);
        }
        Classifier.Outputs moved = timed(classifierNanos, () -> classifier.classify(denoised, trajectories.size()));

        // normalized in place below: copies, so that the baselines still see the raw logits
        float[] ref = vectors(clean).clone();
        float[] out = vectors(moved);
        int dim = space == Space.LOGITS ? clean.numClasses() : clean.featureDim();
        List<ScoreResult> results = new ArrayList<>(n);
        int row = 0;
        for (int i = 0; i < n; i++) {
            ScoreSettings s = settings.get(i);
            reductions.normalize(ref, i * dim, dim);
            Map<Integer, Double> perTimestep = new LinkedHashMap<>();
            int evaluations = 0;
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
                evaluations += s.repeats() * sampler.evaluationsFrom(t);
            }
            int k = clean.numClasses();
            Baselines baselines = Baselines.of(clean.logits(), i * k, k, reductions);
            results.add(new ScoreResult(sum / s.timesteps().size(), perTimestep, labels[i], 1.0 - baselines.msp(),
                    baselines, s.seed(), evaluations));
        }
        return new Batch(results, new Timings(classifierNanos[0] / 1e6, denoiserNanos[0] / 1e6, millisSince(start), calls, n));
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

    private static float[] toDenoiserRange(float[] image) {
        float[] x = new float[image.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2f * image[i] - 1f;
        }
        return x;
    }

    /** Back to [0, 1], clipped: the denoiser may overshoot the data range. */
    private static void toClassifierRange(float[] x, float[] dst, int off) {
        for (int i = 0; i < x.length; i++) {
            dst[off + i] = Math.min(1f, Math.max(0f, (x[i] + 1f) * 0.5f));
        }
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
