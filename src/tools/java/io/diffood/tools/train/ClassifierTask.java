package io.diffood.tools.train;

import io.diffood.model.ImageShape;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import io.diffood.tools.data.Dataset;

/**
 * Cross-entropy training of a {@link ClassifierNetwork}; augmentation: random horizontal flips, random crops of the
 * image padded by {@link #CROP_PADDING} zero pixels where the network asks for them, and optionally Cutout (DeVries and
 * Taylor 2017: a square of zeros at a random centre, clipped at the border). With flip averaging the
 * exported model answers for an image and its mirror image together (test-time augmentation); training and
 * checkpoints are the same either way, so a finished run can be exported both ways.
 */
final class ClassifierTask implements TrainingTask {

    static final int CROP_PADDING = 4;

    private final ClassifierNetwork net;
    private final Dataset data;
    private final BatchOrder order;
    private final boolean flipAverage;
    private final int cutout;
    private Placeholder<TFloat32> x;
    private Placeholder<TInt32> labels;

    ClassifierTask(ClassifierNetwork net, Dataset data, BatchOrder order) {
        this(net, data, order, false);
    }

    ClassifierTask(ClassifierNetwork net, Dataset data, BatchOrder order, boolean flipAverage) {
        this(net, data, order, flipAverage, 0);
    }

    /** @param cutout side of Cutout's square in pixels; 0: none */
    ClassifierTask(ClassifierNetwork net, Dataset data, BatchOrder order, boolean flipAverage, int cutout) {
        if (cutout < 0) {
            throw new IllegalArgumentException("Cutout's side is 0 (none) or more pixels, not " + cutout);
        }
        this.net = net;
        this.data = data;
        this.order = order;
        this.flipAverage = flipAverage;
        this.cutout = cutout;
    }

    @Override
    public String name() {
        return "classifier";
    }

    @Override
    public String architecture() {
        return net.toString();
    }

    @Override
    public String configuration() {
        return cutout == 0 ? architecture() : architecture() + "; " + cutoutText();
    }

    String augmentation() {
        return "random horizontal flip (p = 0.5)" + (net.randomCrops()
                ? ", random crop of the image zero-padded by " + CROP_PADDING + " pixels" : "")
                + (cutout == 0 ? "" : ", " + cutoutText());
    }

    private String cutoutText() {
        return "Cutout " + cutout + "x" + cutout + " at a random centre, clipped at the border";
    }

    /** What the exported model does at inference beyond one forward pass, or null. */
    String testTimeAugmentation() {
        return flipAverage ? "horizontal flip: logits and features are the means over the image and its mirror image"
                + " (two forward passes per image)" : null;
    }

    @Override
    public Operand<TFloat32> buildLoss(Layers l) {
        Ops tf = l.tf;
        x = imageInput(tf);
        labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Operand<TFloat32> logits = net.forward(l, x).logits();
        Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(net.classes()), tf.constant(1f), tf.constant(0f));
        return tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
    }

    @Override
    public Map<Operand<?>, Tensor> batch(long step) {
        int[] indices = order.indices(step);
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            y[i] = data.label(indices[i]);
        }
        ImageShape shape = data.shape();
        return Map.of(x, TFloat32.tensorOf(Shape.of(indices.length, shape.height(), shape.width(), shape.channels()),
                DataBuffers.of(pixels(step))), labels, TInt32.vectorOf(y));
    }

    /** The augmented images of a step's batch in [0, 1], (n, h, w, c) row-major. */
    float[] pixels(long step) {
        int[] indices = order.indices(step);
        SplittableRandom random = order.random(step);
        int n = indices.length;
        ImageShape shape = data.shape();
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        int pad = net.randomCrops() ? CROP_PADDING : 0;
        float[] pixels = new float[n * shape.size()];
        for (int i = 0; i < n; i++) {
            int image = indices[i];
            boolean flip = random.nextBoolean();
            int dy = pad == 0 ? 0 : random.nextInt(2 * pad + 1) - pad;
            int dx = pad == 0 ? 0 : random.nextInt(2 * pad + 1) - pad;
            for (int r = 0; r < h; r++) {
                int sr = r + dy;
                for (int col = 0; col < w; col++) {
                    int sc = (flip ? w - 1 - col : col) + dx;
                    if (sr < 0 || sr >= h || sc < 0 || sc >= w) {
                        continue; // zero padding
                    }
                    for (int k = 0; k < c; k++) {
                        pixels[((i * h + r) * w + col) * c + k] = data.value(image, (sr * w + sc) * c + k) / 255f;
                    }
                }
            }
        }
        // drawn after the flips and crops, so that a run without Cutout sees the batches it always saw
        for (int i = 0; i < n && cutout > 0; i++) {
            int top = random.nextInt(h) - cutout / 2;
            int left = random.nextInt(w) - cutout / 2;
            for (int r = Math.max(0, top); r < Math.min(h, top + cutout); r++) {
                int from = ((i * h + r) * w + Math.max(0, left)) * c;
                Arrays.fill(pixels, from, from + (Math.min(w, left + cutout) - Math.max(0, left)) * c, 0f);
            }
        }
        return pixels;
    }

    @Override
    public Signature buildServing(Layers l) {
        Ops tf = l.tf;
        Placeholder<TFloat32> input = imageInput(tf);
        Operand<TFloat32> logits;
        Operand<TFloat32> features;
        if (flipAverage) {
            // one batch [x; mirror(x)] through the network (inference uses the moving statistics), then the halves' mean
            Operand<TFloat32> mirrored = tf.reverse(input, tf.constant(new int[] {2}));
            ClassifierNetwork.Outputs out = net.forward(l, tf.concat(List.of(input, mirrored), tf.constant(0)));
            logits = halvesMean(tf, out.logits(), net.classes());
            features = halvesMean(tf, out.features(), net.featureDim());
        } else {
            ClassifierNetwork.Outputs out = net.forward(l, input);
            logits = out.logits();
            features = out.features();
        }
        return Signature.builder().key(Signature.DEFAULT_KEY).input("x", input)
                .output("logits", tf.withName("logits").identity(logits))
                .output("features", tf.withName("features").identity(features))
                .build();
    }

    /** (2N, dim) with the images in the first half and their mirror images in the second -> (N, dim), the means. */
    private static Operand<TFloat32> halvesMean(Ops tf, Operand<TFloat32> both, int dim) {
        return tf.math.mean(tf.reshape(both, tf.constant(new long[] {2, -1, dim})), tf.constant(0));
    }

    private Placeholder<TFloat32> imageInput(Ops tf) {
        ImageShape s = data.shape();
        return tf.withName("x").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, s.height(), s.width(), s.channels())));
    }
}
