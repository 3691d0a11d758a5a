package io.diffood.owndata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.diffood.model.TensorFlowNatives;
import io.diffood.tools.DiffoodTools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * {@code ensemble} exports one classifier out of several: on any input its logits are the members' mean and its
 * features the members' side by side, through the SavedModel that the function and {@code fit} load.
 */
class EnsembleCommandTest {

    private static final int IMAGES = 5;

    @Test
    void logitsAreTheMembersMeanAndFeaturesTheirConcatenation(@TempDir Path dir) throws IOException {
        TensorFlowNatives.ensureLoaded();
        Path data = ColourImages.folder(dir.resolve("images"), 8, 21);
        Path plain = TinyClassifiers.train(data, dir.resolve("plain"), 4);
        Path flipped = TinyClassifiers.train(data, dir.resolve("flipped"), 2, "--classifier-init", plain.toString(),
                "--classifier-flip-average");
        Path out = dir.resolve("ensemble");

        assertEquals(0, DiffoodTools.run("ensemble", "--data", data.toString(), "--validation",
                TinyClassifiers.VALIDATION, plain.toString(), flipped.toString(), "--out", out.toString()));

        float[] x = new float[IMAGES * ColourImages.SIZE * ColourImages.SIZE * 3];
        Random random = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        Map<String, float[]> a = outputs(plain, x);
        Map<String, float[]> b = outputs(flipped, x);
        Map<String, float[]> both = outputs(out, x);
        float[] mean = new float[a.get("logits").length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (a.get("logits")[i] + b.get("logits")[i]) / 2;
        }
        assertArrayEquals(mean, both.get("logits"), 1e-5f);
        int dimA = a.get("features").length / IMAGES;
        int dimB = b.get("features").length / IMAGES;
        float[] concatenated = new float[IMAGES * (dimA + dimB)];
        for (int n = 0; n < IMAGES; n++) {
            System.arraycopy(a.get("features"), n * dimA, concatenated, n * (dimA + dimB), dimA);
            System.arraycopy(b.get("features"), n * dimB, concatenated, n * (dimA + dimB) + dimA, dimB);
        }
        assertArrayEquals(concatenated, both.get("features"), 1e-5f);

        JsonNode card = TinyClassifiers.card(out);
        assertEquals(TinyClassifiers.card(plain).get("classes"), card.get("classes"));
        assertEquals(TinyClassifiers.card(plain).get("split"), card.get("split"), "fit calibrates on the card's split");
        assertEquals(2, card.get("members").size());
        assertEquals(flipped.toString(), card.get("members").get(1).get("model").asText());
        assertEquals("float32 (N," + (dimA + dimB) + "), the members' features side by side, in the order of members",
                card.get("outputs").get("features").asText());
    }

    @Test
    void aMemberTrainedOnOtherImagesIsRefused(@TempDir Path dir) {
        TensorFlowNatives.ensureLoaded();
        Path data = ColourImages.folder(dir.resolve("images"), 8, 21);
        Path other = ColourImages.folder(dir.resolve("other"), 8, 22);
        Path mine = TinyClassifiers.train(data, dir.resolve("mine"), 1);
        Path theirs = TinyClassifiers.train(other, dir.resolve("theirs"), 1);
        Path out = dir.resolve("ensemble");

        assertEquals(DiffoodTools.DATA_ERROR, DiffoodTools.run("ensemble", "--data", data.toString(), "--validation",
                TinyClassifiers.VALIDATION, mine.toString(), theirs.toString(), "--out", out.toString()));
        assertFalse(Files.exists(out));
    }

    private static Map<String, float[]> outputs(Path model, float[] x) {
        try (SavedModelBundle bundle = SavedModelBundle.load(model.toString(), SavedModelBundle.DEFAULT_TAG);
                TFloat32 images = TFloat32.tensorOf(Shape.of(IMAGES, ColourImages.SIZE, ColourImages.SIZE, 3),
                        DataBuffers.of(x));
                Result result = bundle.function(Signature.DEFAULT_KEY).call(Map.of("x", images))) {
            return Map.of("logits", values(result, "logits"), "features", values(result, "features"));
        }
    }

    private static float[] values(Result result, String name) {
        TFloat32 out = (TFloat32) result.get(name).orElseThrow();
        float[] values = new float[(int) out.size()];
        out.copyTo(DataBuffers.of(values, false, false));
        return values;
    }
}
