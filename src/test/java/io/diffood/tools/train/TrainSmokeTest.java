package io.diffood.tools.train;

import io.diffood.diffusion.ScheduleSettings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.diffood.tools.data.DataException;
import io.diffood.tools.data.Dataset;
import io.diffood.tools.data.FashionMnistSplit;
import io.diffood.model.Classifier;
import io.diffood.model.Denoiser;
import io.diffood.model.ImageShape;
import io.diffood.model.TensorFlowNatives;
import io.diffood.model.ClassifierSpec;
import io.diffood.model.DenoiserSpec;
import ai.djl.Device;

/**
 * Trains each network a few steps at a tiny width, then checks that the loss went down and that
 * the exported SavedModel loads through the function's model layer, which checks the model contract.
 */
class TrainSmokeTest {

    private static final int IMAGES = 512;
    private static final int BATCH = 16;

    private static Dataset data;

    @BeforeAll
    static void setUp() throws IOException {
        TensorFlowNatives.ensureLoaded();
        Dataset all = Dataset.read(Path.of("/usr/share/datasets/fashion-mnist"), null, "t10k",
                FashionMnistSplit.CLASSES);
        data = all.subset(IntStream.range(0, IMAGES).toArray());
    }

    @Test
    void classifierLearnsAndExportsTheContract(@TempDir Path dir) throws Exception {
        ClassifierNet net = new ClassifierNet(8, 10);
        // the tiny CNN needs more steps than the UNet, but they are cheap
        Hyperparameters hp = Hyperparameters.adam(100, BATCH, 5e-3, 5, 0.9, 7);
        ClassifierTask task = new ClassifierTask(net, data, new BatchOrder(IMAGES, BATCH, hp.seed()));
        Path model = dir.resolve("classifier");
        trainAndExport(task, hp, dir, model);

        // through the function's model layer, which checks the contract's names and shapes at load time
        try (Classifier loaded = Classifier.load(ClassifierSpec.standard(model), Device.cpu(), true)) {
            assertEquals(new ImageShape(28, 28, 1), loaded.imageShape());
            assertEquals(net.featureDim(), loaded.featureDim());
            Classifier.Outputs out = loaded.classify(data.floats(0, 3, 0f, 1f), 3);
            assertEquals(3 * 10, out.logits().length);
            assertEquals(3 * net.featureDim(), out.features().length);
        }
    }

    /** Each with its learning rate: the VGG's logits are scaled by 1/8, so it needs a higher one in few steps. */
    static Stream<Arguments> batchNormNetworks() {
        return Stream.of(
                Arguments.of(new ResNetClassifier(new ImageShape(28, 28, 1), 8, ResNetClassifier.MIN_WIDTH, 10), 0.05),
                Arguments.of(new VggClassifier(new ImageShape(28, 28, 1), ResNetClassifier.MIN_WIDTH,
                        VggClassifier.Pooling.avg, 10), 0.4));
    }

    @ParameterizedTest
    @MethodSource("batchNormNetworks")
    void batchNormNetworkLearnsAndServesItsMovingStatistics(ClassifierNetwork net, double learningRate,
            @TempDir Path dir) throws Exception {
        Hyperparameters hp = new Hyperparameters(60, BATCH, learningRate, 5, 0, 7, Hyperparameters.Optimizer.sgd, 5e-4,
                1);
        ClassifierTask task = new ClassifierTask(net, data, new BatchOrder(IMAGES, BATCH, hp.seed()));
        Path model = dir.resolve("classifier");
        trainAndExport(task, hp, dir, model);

        try (Classifier loaded = Classifier.load(ClassifierSpec.standard(model), Device.cpu(), true)) {
            assertEquals(net.featureDim(), loaded.featureDim());
            // inference uses the moving statistics: one image alone gets the same answer as in a batch
            float[] batch = loaded.classify(data.floats(0, 4, 0f, 1f), 4).logits();
            float[] alone = loaded.classify(data.floats(0, 1, 0f, 1f), 1).logits();
            for (int k = 0; k < 10; k++) {
                assertEquals(batch[k], alone[k], 1e-4);
            }
        }
    }

    @Test
    void aKeptCheckpointExportsAgainWithFlipAveraging(@TempDir Path dir) throws Exception {
        ResNetClassifier net = new ResNetClassifier(new ImageShape(28, 28, 1), 8, ResNetClassifier.MIN_WIDTH, 10);
        Hyperparameters hp = new Hyperparameters(20, BATCH, 0.05, 5, 0, 7, Hyperparameters.Optimizer.sgd, 5e-4, 1);
        Path checkpoints = dir.resolve("checkpoint");
        Path single = dir.resolve("single");
        Path averaged = dir.resolve("averaged");
        try (Trainer trainer = new Trainer(new ClassifierTask(net, data, new BatchOrder(IMAGES, BATCH, hp.seed())), hp,
                checkpoints)) {
            trainer.train(Double.MAX_VALUE);
            trainer.export(single);
        }
        // the finished run again, from its final checkpoint: nothing left to train, exported with flip averaging
        try (Trainer again = new Trainer(new ClassifierTask(net, data, new BatchOrder(IMAGES, BATCH, hp.seed()), true),
                hp, checkpoints)) {
            assertEquals(hp.steps(), again.step());
            assertTrue(Double.isNaN(again.train(Double.MAX_VALUE)), "no step trained");
            again.export(averaged);
        }
        int n = 3;
        float[] images = data.floats(0, n, 0f, 1f);
        float[] mirrored = new float[images.length];
        for (int i = 0; i < n * 28; i++) { // rows of one channel, reversed
            for (int col = 0; col < 28; col++) {
                mirrored[i * 28 + col] = images[i * 28 + 27 - col];
            }
        }
        try (Classifier one = Classifier.load(ClassifierSpec.standard(single), Device.cpu(), true);
                Classifier both = Classifier.load(ClassifierSpec.standard(averaged), Device.cpu(), true)) {
            Classifier.Outputs plain = one.classify(images, n);
            Classifier.Outputs mirror = one.classify(mirrored, n);
            Classifier.Outputs mean = both.classify(images, n);
            assertHalfSum(plain.logits(), mirror.logits(), mean.logits());
            assertHalfSum(plain.features(), mirror.features(), mean.features());
            double change = 0;
            for (int k = 0; k < plain.logits().length; k++) {
                change = Math.max(change, Math.abs(plain.logits()[k] - mirror.logits()[k]));
            }
            assertTrue(change > 1e-3, "the mirror images answer differently: " + change);
        }
    }

    @Test
    void aRunStartsFromAnExportedClassifiersWeights(@TempDir Path dir) throws Exception {
        ResNetClassifier net = new ResNetClassifier(new ImageShape(28, 28, 1), 8, ResNetClassifier.MIN_WIDTH, 10);
        Hyperparameters hp = new Hyperparameters(20, BATCH, 0.05, 5, 0, 7, Hyperparameters.Optimizer.sgd, 5e-4, 1);
        Path trained = dir.resolve("trained");
        try (Trainer trainer = new Trainer(new ClassifierTask(net, data, new BatchOrder(IMAGES, BATCH, hp.seed())), hp,
                dir.resolve("checkpoint"))) {
            trainer.train(Double.MAX_VALUE);
            trainer.export(trained);
        }
        // no step on top of the warm start: the export is the starting classifier, moving statistics included
        Hyperparameters none = new Hyperparameters(0, BATCH, 0.05, 1, 0, 8, Hyperparameters.Optimizer.sgd, 5e-4, 1);
        Path again = dir.resolve("again");
        try (Trainer warm = new Trainer(new ClassifierTask(net, data, new BatchOrder(IMAGES, BATCH, none.seed())), none,
                dir.resolve("warm"), trained)) {
            warm.train(Double.MAX_VALUE);
            warm.export(again);
        }
        float[] images = data.floats(0, 3, 0f, 1f);
        try (Classifier before = Classifier.load(ClassifierSpec.standard(trained), Device.cpu(), true);
                Classifier after = Classifier.load(ClassifierSpec.standard(again), Device.cpu(), true)) {
            Classifier.Outputs start = before.classify(images, 3);
            Classifier.Outputs exported = after.classify(images, 3);
            assertArrayEquals(start.logits(), exported.logits(), 1e-6f);
            assertArrayEquals(start.features(), exported.features(), 1e-6f);
        }
        ResNetClassifier wider = new ResNetClassifier(new ImageShape(28, 28, 1), 8, 2 * ResNetClassifier.MIN_WIDTH, 10);
        DataException refused = assertThrows(DataException.class, () -> new Trainer(
                new ClassifierTask(wider, data, new BatchOrder(IMAGES, BATCH, none.seed())), none, dir.resolve("wider"),
                trained).close());
        assertTrue(refused.getMessage().contains("does not hold this classifier's weights"), refused.getMessage());
    }

    private static void assertHalfSum(float[] a, float[] b, float[] mean) {
        assertEquals(a.length, mean.length);
        for (int k = 0; k < a.length; k++) {
            assertEquals((a[k] + b[k]) / 2, mean[k], 1e-4, "value " + k);
        }
    }

    @Test
    void denoiserLearnsAndExportsTheContract(@TempDir Path dir) throws Exception {
        Hyperparameters hp = Hyperparameters.adam(30, BATCH, 3e-3, 5, 0.9, 7);
        DenoiserNet net = new DenoiserNet(8, data.shape(), 10, false);
        Path model = dir.resolve("denoiser");
        trainAndExport(denoising(net, hp), hp, dir, model);

        try (Denoiser loaded = Denoiser.load(DenoiserSpec.standard(model), Device.cpu())) {
            assertEquals(new ImageShape(28, 28, 1), loaded.imageShape());
            float[] eps = loaded.predictNoise(data.floats(0, 3, -1f, 1f), new int[] {0, 360, 999},
                    new int[] {1, 5, net.nullClass()});
            assertEquals(3 * 28 * 28, eps.length);
        }
    }

    @Test
    void aRunStartsFromAnExportedDenoisersWeights(@TempDir Path dir) throws Exception {
        DenoiserNet net = new DenoiserNet(8, data.shape(), 10, true);
        Hyperparameters hp = Hyperparameters.adam(10, BATCH, 3e-3, 2, 0.9, 7);
        Path trained = dir.resolve("trained");
        try (Trainer trainer = new Trainer(denoising(net, hp), hp, dir.resolve("checkpoint"))) {
            trainer.train(Double.MAX_VALUE);
            trainer.export(trained);
        }
        // no step on top of the warm start: the export is the starting denoiser (its averaged weights)
        Hyperparameters none = Hyperparameters.adam(0, BATCH, 3e-3, 1, 0.9, 8);
        Path again = dir.resolve("again");
        try (Trainer warm = new Trainer(denoising(net, none), none, dir.resolve("warm"), trained)) {
            warm.train(Double.MAX_VALUE);
            warm.export(again);
        }
        float[] noised = data.floats(0, 3, -1f, 1f);
        int[] timesteps = {0, 360, 999};
        int[] labels = {1, 5, net.nullClass()};
        try (Denoiser before = Denoiser.load(DenoiserSpec.standard(trained), Device.cpu());
                Denoiser after = Denoiser.load(DenoiserSpec.standard(again), Device.cpu())) {
            assertArrayEquals(before.predictNoise(noised, timesteps, labels),
                    after.predictNoise(noised, timesteps, labels), 1e-6f);
        }
        DenoiserNet plain = new DenoiserNet(8, data.shape(), 10, false);
        DataException refused = assertThrows(DataException.class,
                () -> new Trainer(denoising(plain, none), none, dir.resolve("plain"), trained).close());
        assertTrue(refused.getMessage().contains("does not hold this denoiser's weights"), refused.getMessage());
    }

    private static DenoiserTask denoising(DenoiserNet net, Hyperparameters hp) {
        return new DenoiserTask(net, data, new BatchOrder(IMAGES, BATCH, hp.seed()),
                ScheduleSettings.DDPM_LINEAR.create());
    }

    @Test
    void batchesArePureFunctionsOfSeedAndStep() {
        BatchOrder a = new BatchOrder(IMAGES, BATCH, 3);
        BatchOrder b = new BatchOrder(IMAGES, BATCH, 3);
        assertArrayEquals(a.indices(100), b.indices(100));
        assertArrayEquals(a.indices(5), b.indices(5));
        assertEquals(a.random(5).nextLong(), b.random(5).nextLong());
        assertTrue(!Arrays.equals(a.indices(0), a.indices(IMAGES / BATCH)), "each epoch has its own order");
    }

    @Test
    void cutoutZeroesOneSquarePerImageAndLeavesTheRestOfTheBatchAsItWas() {
        int side = 8;
        ClassifierNet net = new ClassifierNet(8, 10);
        float[] plain = new ClassifierTask(net, data, new BatchOrder(IMAGES, BATCH, 3)).pixels(5);
        float[] cut = new ClassifierTask(net, data, new BatchOrder(IMAGES, BATCH, 3), false, side).pixels(5);
        ImageShape shape = data.shape();
        int changedImages = 0;
        for (int i = 0; i < BATCH; i++) {
            int top = Integer.MAX_VALUE, bottom = -1, left = Integer.MAX_VALUE, right = -1;
            for (int r = 0; r < shape.height(); r++) {
                for (int c = 0; c < shape.width(); c++) {
                    int p = (i * shape.height() + r) * shape.width() + c;
                    if (cut[p] != plain[p]) {
                        assertEquals(0f, cut[p], "Cutout only zeroes");
                        top = Math.min(top, r);
                        bottom = Math.max(bottom, r);
                        left = Math.min(left, c);
                        right = Math.max(right, c);
                    }
                }
            }
            if (bottom >= 0) {
                changedImages++;
                assertTrue(bottom - top < side && right - left < side, "image " + i + ": one square of side " + side
                        + " at most, not rows " + top + ".." + bottom + ", columns " + left + ".." + right);
            }
        }
        // Fashion-MNIST's objects fill most of the frame: nearly every square covers some of one
        assertTrue(changedImages >= BATCH / 2, changedImages + " of " + BATCH + " images changed");
    }

    @Test
    void aBlownUpLossIsDivergenceButTheNoiseOfARestartIsNot() {
        assertTrue(Trainer.diverged(17395, 1.13), "the CIFAR-10 run at SGD 0.1");
        assertTrue(!Trainer.diverged(0.6, 0.2), "a warm restart's loss rising with its learning rate");
    }

    private static void trainAndExport(TrainingTask task, Hyperparameters hp, Path dir, Path model)
            throws IOException {
        try (Trainer trainer = new Trainer(task, hp, dir.resolve("checkpoint"))) {
            double before = trainer.loss(0);
            trainer.train(Double.MAX_VALUE);
            double after = trainer.loss(0);
            assertEquals(hp.steps(), trainer.step());
            assertTrue(after < 0.9 * before, task.name() + " loss " + before + " -> " + after);
            trainer.export(model);
        }
    }
}
