package io.diffood.score;

import ai.djl.Device;
import io.diffood.detect.DdpDetector;
import io.diffood.detect.LogitDetector;
import io.diffood.diffusion.DdimSampler;
import io.diffood.diffusion.NoiseSchedule;
import io.diffood.model.Classifier;
import io.diffood.model.Denoiser;
import io.diffood.score.vectorization.ReductionProvider;
import io.diffood.model.ClassifierSpec;
import io.diffood.model.DenoiserSpec;
import io.diffood.testing.FixtureModelsResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scorer on the fixture models: baselines from the raw logits, and timesteps that do not affect each other. */
class DdpScorerTest {

    private static Classifier classifier;
    private static Denoiser denoiser;
    private static DdpScorer scorer;

    @BeforeAll
    static void load() {
        FixtureModelsResource.buildOnce();
        classifier = Classifier.load(ClassifierSpec.standard(FixtureModelsResource.DIR.resolve("classifier")),
                Device.cpu(), false);
        denoiser = Denoiser.load(DenoiserSpec.standard(FixtureModelsResource.DIR.resolve("denoiser")), Device.cpu());
        NoiseSchedule schedule = NoiseSchedule.linear(1000, 1e-4, 0.02);
        scorer = new DdpScorer(classifier, denoiser, schedule, new DdimSampler(schedule, 20, 2.0, 10));
    }

    @AfterAll
    static void close() {
        classifier.close();
        denoiser.close();
    }

    @Test
    void baselinesComeFromTheRawLogits() {
        float[] image = randomImage(9);
        Observation r = scorer.score(List.of(ScoreJob.of(image, new ScoreSettings(List.of(40), 1, 0)))).results().get(0);
        Map<String, Double> baselines = new HashMap<>();
        LogitDetector.all(ReductionProvider.get()).forEach(d -> baselines.put(d.name(), d.score(r, List.of(40))));

        float[] z = classifier.classify(image, 1).logits();
        double max = Double.NEGATIVE_INFINITY;
        int label = 0;
        for (int k = 0; k < z.length; k++) {
            if (z[k] > max) {
                max = z[k];
                label = k;
            }
        }
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v - max);
        }
        double lse = max + Math.log(sum);
        assertEquals(label, r.label());
        assertEquals(-max, baselines.get("maxLogit"), 1e-5);
        assertEquals(-lse, baselines.get("energy"), 1e-5);
        assertEquals(1 - Math.exp(max - lse), baselines.get("msp"), 1e-5);
        assertEquals(Math.exp(max - lse), LogitDetector.confidence(r.logits(), ReductionProvider.get()), 1e-5);
    }

    /** The evaluation's trade-off takes a subset of timesteps from a run with more: that needs this property. */
    @Test
    void aTimestepScoreDoesNotDependOnTheOtherTimestepsScored() {
        List<float[]> images = List.of(randomImage(1), randomImage(2));
        ScoreSettings three = new ScoreSettings(List.of(40, 120, 200), 3, 5);
        ScoreSettings one = new ScoreSettings(List.of(120), 3, 5);
        List<Observation> withOthers = scorer.score(ScoreJob.all(images, three)).results();
        List<Observation> alone = scorer.score(ScoreJob.all(images, one)).results();
        DdpDetector ddp = new DdpDetector(Space.LOGITS, ReductionProvider.get());
        for (int i = 0; i < images.size(); i++) {
            double t120 = ddp.perTimestep(alone.get(i), List.of(120)).get(120);
            assertEquals(ddp.perTimestep(withOthers.get(i), three.timesteps()).get(120), t120, 1e-6);
            assertEquals(t120, ddp.score(alone.get(i), List.of(120)), 1e-12);
            assertTrue(t120 > 0, "denoising moves the logits of a noise image");
        }
    }

    private static float[] randomImage(long seed) {
        float[] image = new float[784];
        Random random = new Random(seed);
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat();
        }
        return image;
    }
}
