package io.diffood.tools.train;

import io.diffood.diffusion.NoiseSchedule;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.diffood.tools.data.Dataset;

/** Held-out metrics of the exported models, for their model cards. */
final class Evaluation {

    /** Timestep buckets [from, to) of the denoiser's validation loss. */
    static final int[][] BUCKETS = {{0, 100}, {100, 200}, {200, 400}, {400, 700}, {700, 1000}};
    private static final int BATCH = 250;

    private Evaluation() {
    }

    /**
     * Measures an exported classifier on the validation part and the test images and records both on its card
     * (a choice between exports goes by the validation accuracy; the test accuracy is only reported).
     *
     * @return the test accuracy
     */
    static double recordAccuracies(ModelCard card, Path classifier, TrainingData data) {
        try (ExportedModel model = new ExportedModel(classifier, data.all().shape())) {
            double validation = accuracy(model, data.validation());
            // without --test-data the test images are the validation part: scored once
            double test = data.test() == data.validation() ? validation : accuracy(model, data.test());
            card.put("validationAccuracy", validation).put("validationImages", data.validation().count())
                    .put("testAccuracy", test).put("testImages", data.test().count())
                    .put("testData", data.testDescription());
            return test;
        }
    }

    /** Top-1 accuracy over all images. */
    static double accuracy(ExportedModel classifier, Dataset test) {
        return accuracy(List.of(logits(classifier, test)), test);
    }

    /** The classifier's logits of every image (images x classes). */
    static float[] logits(ExportedModel classifier, Dataset images) {
        float[] all = null;
        for (int start = 0; start < images.count(); start += BATCH) {
            int n = Math.min(BATCH, images.count() - start);
            float[] logits = classifier.logits(images.floats(start, n, 0f, 1f), n);
            if (all == null) {
                all = new float[images.count() * (logits.length / n)];
            }
            System.arraycopy(logits, 0, all, start * (logits.length / n), logits.length);
        }
        return all;
    }

    /** Top-1 accuracy of the summed logits of several classifiers (one of them: its own accuracy). */
    static double accuracy(List<float[]> logits, Dataset test) {
        int classes = logits.get(0).length / test.count();
        int correct = 0;
        for (int i = 0; i < test.count(); i++) {
            int best = 0;
            double bestSum = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                double sum = 0;
                for (float[] member : logits) {
                    sum += member[i * classes + k];
                }
                if (sum > bestSum) {
                    bestSum = sum;
                    best = k;
                }
            }
            if (best == test.label(i)) {
                correct++;
            }
        }
        return (double) correct / test.count();
    }

    /**
     * eps-MSE of the conditional denoiser on the first {@code images} held-out images, one seeded
     * timestep (uniform in the bucket) and noise draw per image and bucket.
     */
    static Map<String, Double> bucketLoss(ExportedModel denoiser, Dataset test, int images,
            NoiseSchedule schedule, long seed) {
        Map<String, Double> losses = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        int pixelsPerImage = test.shape().size();
        for (int[] bucket : BUCKETS) {
            double sum = 0;
            for (int start = 0; start < images; start += BATCH) {
                int n = Math.min(BATCH, images - start);
                float[] x = test.floats(start, n, -1f, 1f);
                float[] noise = new float[x.length];
                int[] t = new int[n];
                int[] y = new int[n];
                for (int i = 0; i < n; i++) {
                    t[i] = bucket[0] + random.nextInt(bucket[1] - bucket[0]);
                    y[i] = test.label(start + i);
                    double a = Math.sqrt(schedule.alphaBar(t[i]));
                    double b = Math.sqrt(1 - schedule.alphaBar(t[i]));
                    for (int p = i * pixelsPerImage; p < (i + 1) * pixelsPerImage; p++) {
                        noise[p] = (float) random.nextGaussian();
                        x[p] = (float) (a * x[p] + b * noise[p]);
                    }
                }
                float[] eps = denoiser.eps(x, t, y);
                for (int p = 0; p < eps.length; p++) {
                    double d = eps[p] - noise[p];
                    sum += d * d;
                }
            }
            losses.put("[" + bucket[0] + "," + bucket[1] + ")", sum / ((double) images * pixelsPerImage));
        }
        return losses;
    }
}
