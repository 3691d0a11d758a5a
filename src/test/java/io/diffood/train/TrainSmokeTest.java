package io.diffood.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.util.PairList;
import io.diffood.data.IdxImages;
import io.diffood.data.LabeledImages;

/**
 * Trains each network a few steps at a tiny width, then checks that the loss went down and that
 * the exported SavedModel has the contract's inputs and outputs when DJL loads it.
 */
class TrainSmokeTest {

    private static final int IMAGES = 512;
    private static final int BATCH = 32;
    private static final int STEPS = 40;
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private static LabeledImages data;

    @BeforeAll
    static void setUp() throws IOException {
        // DJL cannot find TF Java's natives by itself: load them via JavaCPP and point DJL at them
        String jni = org.bytedeco.javacpp.Loader.load(org.tensorflow.internal.c_api.global.tensorflow.class);
        System.setProperty("TENSORFLOW_LIBRARY_PATH", new File(jni).getParent());
        LabeledImages all = LabeledImages.load(Path.of("/usr/share/datasets/fashion-mnist"), "t10k");
        IdxImages images = all.images();
        data = new LabeledImages(new IdxImages(IMAGES, images.rows(), images.cols(),
                Arrays.copyOf(images.pixels(), IMAGES * images.pixelsPerImage())),
                Arrays.copyOf(all.labels(), IMAGES), all.files());
    }

    @Test
    void classifierLearnsAndExportsTheContract(@TempDir Path dir) throws Exception {
        ClassifierNet net = new ClassifierNet(8);
        Hyperparameters hp = new Hyperparameters(STEPS, BATCH, 3e-3, 5, 0.9, 7);
        ClassifierTask task = new ClassifierTask(net, data, new BatchOrder(IMAGES, BATCH, hp.seed()));
        Path model = dir.resolve("classifier");
        trainAndExport(task, hp, dir, model);

        try (ZooModel<NDList, NDList> loaded = load(model); Predictor<NDList, NDList> predictor = loaded.newPredictor();
                NDManager manager = NDManager.newBaseManager("TensorFlow")) {
            assertEquals(List.of("x"), names(loaded.getBlock().describeInput()));
            NDArray x = manager.create(Evaluation.pixels(data, 0, 3, 0f, 1f), new Shape(3, 28, 28, 1));
            x.setName("x");
            NDList out = predictor.predict(new NDList(x));
            assertEquals(new Shape(3, 10), out.get("logits").getShape());
            assertEquals(new Shape(3, net.featureDim()), out.get("features").getShape());
        }
    }

    @Test
    void denoiserLearnsAndExportsTheContract(@TempDir Path dir) throws Exception {
        Hyperparameters hp = new Hyperparameters(STEPS, BATCH, 3e-3, 5, 0.9, 7);
        DenoiserTask task = new DenoiserTask(new DenoiserNet(8), data, new BatchOrder(IMAGES, BATCH, hp.seed()),
                new NoiseSchedule());
        Path model = dir.resolve("denoiser");
        trainAndExport(task, hp, dir, model);

        try (ZooModel<NDList, NDList> loaded = load(model); Predictor<NDList, NDList> predictor = loaded.newPredictor();
                NDManager manager = NDManager.newBaseManager("TensorFlow")) {
            assertEquals(List.of("t", "x", "y"), names(loaded.getBlock().describeInput()).stream().sorted().toList());
            NDArray x = manager.create(Evaluation.pixels(data, 0, 3, -1f, 1f), new Shape(3, 28, 28, 1));
            x.setName("x");
            NDArray t = manager.create(new int[] {0, 360, 999});
            t.setName("t");
            NDArray y = manager.create(new int[] {1, 5, DenoiserNet.NULL_CLASS});
            y.setName("y");
            NDArray eps = predictor.predict(new NDList(x, t, y)).get("eps");
            assertEquals(new Shape(3, 28, 28, 1), eps.getShape());
            assertEquals(DataType.FLOAT32, eps.getDataType());
        }
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

    private static void trainAndExport(TrainingTask task, Hyperparameters hp, Path dir, Path model)
            throws IOException {
        try (Trainer trainer = new Trainer(task, hp, dir.resolve("checkpoint"))) {
            double before = trainer.loss(0);
            trainer.train(Double.MAX_VALUE, QUIET);
            double after = trainer.loss(0);
            assertEquals(STEPS, trainer.step());
            assertTrue(after < 0.9 * before, task.name() + " loss " + before + " -> " + after);
            trainer.export(model);
        }
    }

    private static ZooModel<NDList, NDList> load(Path model) throws Exception {
        return Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(model).optEngine("TensorFlow")
                .optTranslator(new NoopTranslator()).optOption("SignatureDefKey", "serving_default").build()
                .loadModel();
    }

    private static List<String> names(PairList<String, Shape> description) {
        return description.keys();
    }
}
