package io.diffood.score;

import ai.djl.Device;
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

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        scorer = new DdpScorer(classifier, denoiser, schedule, new DdimSampler(schedule, 20, 2.0, 10), Space.LOGITS,
                ReductionProvider.get());
    }

    @AfterAll
    static void close() {
        classifier.close();
        denoiser.close();
    }

    @Test
    void baselinesComeFromTheRawLogits() {
        float[] image = randomImage(9);
        ScoreResult r = scorer.score(List.of(ScoreJob.of(image, new ScoreSettings(List.of(40), 1, 0)))).results().get(0);

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
        assertEquals(-max, r.baselines().maxLogit(), 1e-5);
        assertEquals(-lse, r.baselines().energy(), 1e-5);
        assertEquals(1 - Math.exp(max - lse), r.baselines().msp(), 1e-5);
        assertEquals(Math.exp(max - lse), r.confidence(), 1e-5);
    }

    /** The evaluation's trade-off takes a subset of timesteps from a run with more: that needs this property. */
    @Test
    void aTimestepScoreDoesNotDependOnTheOtherTimestepsScored() {
        List<float[]> images = List.of(randomImage(1), randomImage(2));
        ScoreSettings three = new ScoreSettings(List.of(40, 120, 200), 3, 5);
        ScoreSettings one = new ScoreSettings(List.of(120), 3, 5);
        List<ScoreResult> withOthers = scorer.score(ScoreJob.all(images, three)).results();
        List<ScoreResult> alone = scorer.score(ScoreJob.all(images, one)).results();
        for (int i = 0; i < images.size(); i++) {
            assertEquals(withOthers.get(i).perTimestep().get(120), alone.get(i).perTimestep().get(120), 1e-6);
            assertEquals(alone.get(i).perTimestep().get(120), alone.get(i).score(), 1e-12);
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
