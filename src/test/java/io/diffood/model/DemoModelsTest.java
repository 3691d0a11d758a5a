package io.diffood.model;

import ai.djl.Device;
import io.diffood.tools.data.LabeledImages;
import io.diffood.diffusion.DdimSampler;
import io.diffood.diffusion.GaussianNoise;
import io.diffood.diffusion.NoiseSchedule;
import io.diffood.diffusion.Trajectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed demo models, through the product's model layer and sampler, on a fixed sample of the
 * Fashion-MNIST test set (every 10th image: 1,000 images, 100 per class).
 */
class DemoModelsTest {

    private static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");
    private static final int SAMPLE = 1000;

    private static Classifier classifier;
    private static Denoiser denoiser;
    private static float[][] images;
    private static int[] labels;

    @BeforeAll
    static void load() throws Exception {
        classifier = Classifier.load(ClassifierSpec.standard(Path.of("models/demo/classifier")), Device.cpu(), true);
        denoiser = Denoiser.load(DenoiserSpec.standard(Path.of("models/demo/denoiser")), Device.cpu());
        LabeledImages test = LabeledImages.load(DATA, "t10k");
        images = new float[SAMPLE][];
        labels = new int[SAMPLE];
        for (int i = 0; i < SAMPLE; i++) {
            int k = i * (test.count() / SAMPLE);
            images[i] = test.images().unitFloats(k);
            labels[i] = test.label(k);
        }
    }

    @AfterAll
    static void close() {
        classifier.close();
        denoiser.close();
    }

    @Test
    void modelsFollowTheContract() {
        assertEquals(new ImageShape(28, 28, 1), classifier.imageShape());
        assertEquals(new ImageShape(28, 28, 1), denoiser.imageShape());
        assertEquals(10, classifier.numClasses());
        assertTrue(classifier.featureDim() >= 64 && classifier.featureDim() <= 256, "features: " + classifier.featureDim());
    }

    @Test
    void classifierReaches91PercentOnTheSample() {
        int[] predicted = predict(images);
        int correct = 0;
        for (int i = 0; i < SAMPLE; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        assertTrue(correct >= 910, "accuracy " + correct / 10.0 + "% on " + SAMPLE + " test images");
    }

    @Test
    void denoisingFromT120KeepsTheLabel() {
        NoiseSchedule schedule = NoiseSchedule.linear(1000, 1e-4, 0.02);
        DdimSampler sampler = new DdimSampler(schedule, 20, 2.0, 10);
        int[] before = predict(images);
        float[][] noise = GaussianNoise.draws(5, SAMPLE, 784);
        List<Trajectory> trajectories = new ArrayList<>();
        for (int i = 0; i < SAMPLE; i++) {
            float[] x = new float[784];
            for (int p = 0; p < 784; p++) {
                x[p] = 2 * images[i][p] - 1;
            }
            trajectories.add(Trajectory.noised(schedule, x, noise[i], 120, before[i]));
        }
        sampler.denoise(trajectories, denoiser);
        float[][] denoised = new float[SAMPLE][784];
        for (int i = 0; i < SAMPLE; i++) {
            float[] x = trajectories.get(i).image();
            for (int p = 0; p < 784; p++) {
                denoised[i][p] = Math.min(1f, Math.max(0f, (x[p] + 1) / 2));
            }
        }
        int[] after = predict(denoised);
        int kept = 0;
        for (int i = 0; i < SAMPLE; i++) {
            kept += after[i] == before[i] ? 1 : 0;
        }
        assertTrue(kept >= 900, "label kept for " + kept / 10.0 + "% after denoising from t = 120");
    }

    private static int[] predict(float[][] xs) {
        float[] flat = new float[xs.length * 784];
        for (int i = 0; i < xs.length; i++) {
            System.arraycopy(xs[i], 0, flat, i * 784, 784);
        }
        Classifier.Outputs out = classifier.classify(flat, xs.length);
        int[] labels = new int[xs.length];
        for (int i = 0; i < xs.length; i++) {
            int best = 0;
            for (int k = 1; k < 10; k++) {
                if (out.logits()[i * 10 + k] > out.logits()[i * 10 + best]) {
                    best = k;
                }
            }
            labels[i] = best;
        }
        return labels;
    }
}
