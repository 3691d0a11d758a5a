package io.diffood.model;

import ai.djl.Device;
import io.diffood.testing.FixtureModelsResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading checks the contract and says precisely what is wrong. */
class ModelContractTest {

    private static final Path DENOISER = FixtureModelsResource.DIR.resolve("denoiser");
    private static final Path CLASSIFIER = FixtureModelsResource.DIR.resolve("classifier");
    private static final Path DEMO = Path.of("models/demo");

    @BeforeAll
    static void build() {
        FixtureModelsResource.buildOnce();
    }

    @Test
    void fixturesMatchTheContract() {
        try (Classifier c = Classifier.load(ClassifierSpec.standard(CLASSIFIER), Device.cpu(), true);
                Denoiser d = Denoiser.load(DenoiserSpec.standard(DENOISER), Device.cpu())) {
            assertEquals(new ImageShape(28, 28, 1), c.imageShape());
            assertEquals(new ImageShape(28, 28, 1), d.imageShape());
            assertEquals(10, c.numClasses());
            assertEquals(32, c.featureDim());
            Classifier.Outputs out = c.classify(new float[2 * 28 * 28], 2);
            assertEquals(20, out.logits().length);
            assertEquals(64, out.features().length);
        }
    }

    @Test
    void classifierGivenAsDenoiserNamesTheMissingInput() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> Denoiser.load(DenoiserSpec.standard(CLASSIFIER), Device.cpu()));
        assertThat(e.getMessage(), containsString("denoiser model at"));
        assertThat(e.getMessage(), containsString("no input named 't'"));
    }

    @Test
    void missingDirectoryNamesThePath() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> Classifier.load(ClassifierSpec.standard(Path.of("target/nothing-here")), Device.cpu(), false));
        assertThat(e.getMessage(), containsString("nothing-here"));
        assertThat(e.getMessage(), containsString("diffood.classifier.path"));
    }

    @Test
    void corruptSavedModelIsALoadErrorNotACrash() throws Exception {
        Path corrupt = Path.of("target/test-models/corrupt");
        Files.createDirectories(corrupt);
        Files.write(corrupt.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5});
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> Classifier.load(ClassifierSpec.standard(corrupt), Device.cpu(), false));
        assertThat(e.getMessage(), containsString("cannot be loaded"));
    }

    @Test
    void wrongSignatureKeyIsNamed() {
        ClassifierSpec names = ClassifierSpec.standard(CLASSIFIER);
        ClassifierSpec other = new ClassifierSpec(
                new ModelLocation(CLASSIFIER, "no_such_signature", "serve", GraphOptimizer.AUTO), names.inputX(),
                names.outputLogits(), names.outputFeatures());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Classifier.load(other, Device.cpu(), false));
        assertThat(e.getMessage(), containsString("no_such_signature"));
    }

    @Test
    void deviceSelection() {
        assertEquals(Device.cpu(), DeviceSelector.select(DeviceChoice.AUTO, false));
        assertEquals(Device.gpu(), DeviceSelector.select(DeviceChoice.AUTO, true));
        assertEquals(Device.cpu(), DeviceSelector.select(DeviceChoice.CPU, true));
        assertEquals(Device.gpu(), DeviceSelector.select(DeviceChoice.GPU, true));
        assertThat(assertThrows(ModelLoadException.class, () -> DeviceSelector.select(DeviceChoice.GPU, false)).getMessage(),
                containsString("sees no CUDA GPU"));
        // this machine has no GPU: auto must land on the CPU, and gpu must say why it cannot
        assertEquals(Device.cpu(), DeviceSelector.select(DeviceChoice.AUTO));
        assertThrows(ModelLoadException.class, () -> DeviceSelector.select(DeviceChoice.GPU));
    }

    /** The optimizer only rewrites the graphs: the demo models (convolutions, batch norm) answer the same without it. */
    @Test
    void graphOptimizerChangesNoAnswer() {
        assertFalse(GraphOptimizer.AUTO.runsOn(Device.cpu()));
        assertTrue(GraphOptimizer.AUTO.runsOn(Device.gpu()));
        float[] images = new float[3 * 28 * 28];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextDouble(-1, 1);
        }
        Classifier.Outputs with = classify(GraphOptimizer.ON, images);
        Classifier.Outputs without = classify(GraphOptimizer.OFF, images);
        assertArrayEquals(with.logits(), without.logits(), 1e-4f);
        assertArrayEquals(with.features(), without.features(), 1e-4f);
        assertArrayEquals(predictNoise(GraphOptimizer.ON, images), predictNoise(GraphOptimizer.OFF, images), 1e-4f);
    }

    private static Classifier.Outputs classify(GraphOptimizer optimizer, float[] images) {
        ClassifierSpec names = ClassifierSpec.standard(DEMO.resolve("classifier"));
        ClassifierSpec spec = new ClassifierSpec(withOptimizer(names.location(), optimizer), names.inputX(),
                names.outputLogits(), names.outputFeatures());
        try (Classifier c = Classifier.load(spec, Device.cpu(), true)) {
            return c.classify(images, 3);
        }
    }

    private static float[] predictNoise(GraphOptimizer optimizer, float[] images) {
        DenoiserSpec names = DenoiserSpec.standard(DEMO.resolve("denoiser"));
        DenoiserSpec spec = new DenoiserSpec(withOptimizer(names.location(), optimizer), names.inputX(), names.inputT(),
                names.inputY(), names.outputEps());
        try (Denoiser d = Denoiser.load(spec, Device.cpu())) {
            return d.predictNoise(images, new int[] {40, 120, 480}, new int[] {0, 3, 10});
        }
    }

    private static ModelLocation withOptimizer(ModelLocation location, GraphOptimizer optimizer) {
        return new ModelLocation(location.path(), location.signature(), location.tags(), optimizer);
    }
}
