package io.diffood.tools.train;

import io.diffood.model.ImageShape;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * An exported SavedModel called through its serving signature, so that evaluation and the sample
 * sheet test the artefact that other code loads, not the training graph.
 */
final class ExportedModel implements AutoCloseable {

    private final SavedModelBundle bundle;
    private final ImageShape shape;

    ExportedModel(Path dir, ImageShape shape) {
        this.bundle = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG);
        this.shape = shape;
    }

    ImageShape shape() {
        return shape;
    }

    /** The image size a classifier or denoiser that {@code train} exported takes: its input x is (N, h, w, c). */
    static ImageShape inputShape(Path dir) {
        try (SavedModelBundle model = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG)) {
            Shape x = model.function(Signature.DEFAULT_KEY).signature().getInputs().get("x").shape;
            return new ImageShape((int) x.get(1), (int) x.get(2), (int) x.get(3));
        }
    }

    /** Classifier logits (n x classes) of n images in [0, 1]. */
    float[] logits(float[] x, int n) {
        try (TFloat32 images = images(x, n)) {
            return call(Map.of("x", images), "logits");
        }
    }

    /** Denoiser eps of n images x_t in [-1, 1] at timesteps t with classes y (the class count = null). */
    float[] eps(float[] x, int[] t, int[] y) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        try (TFloat32 xs = images(x, t.length); TInt32 ts = TInt32.vectorOf(t); TInt32 ys = TInt32.vectorOf(y)) {
            inputs.put("x", xs);
            inputs.put("t", ts);
            inputs.put("y", ys);
            return call(inputs, "eps");
        }
    }

    private float[] call(Map<String, Tensor> inputs, String output) {
        try (Result result = bundle.function(Signature.DEFAULT_KEY).call(inputs)) {
            TFloat32 out = (TFloat32) result.get(output).orElseThrow();
            float[] values = new float[(int) out.size()];
            FloatDataBuffer buffer = DataBuffers.of(values, false, false);
            out.copyTo(buffer);
            return values;
        }
    }

    private TFloat32 images(float[] x, int n) {
        return TFloat32.tensorOf(Shape.of(n, shape.height(), shape.width(), shape.channels()), DataBuffers.of(x));
    }

    @Override
    public void close() {
        bundle.close();
    }
}
