package io.diffood.tools.train;

import io.diffood.model.ImageShape;

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
 * Cross-entropy training of a {@link ClassifierNetwork}; augmentation: random horizontal flips, and random crops
 * of the image padded by {@link #CROP_PADDING} zero pixels where the network asks for them.
 */
final class ClassifierTask implements TrainingTask {

    static final int CROP_PADDING = 4;

    private final ClassifierNetwork net;
    private final Dataset data;
    private final BatchOrder order;
    private Placeholder<TFloat32> x;
    private Placeholder<TInt32> labels;

    ClassifierTask(ClassifierNetwork net, Dataset data, BatchOrder order) {
        this.net = net;
        this.data = data;
        this.order = order;
    }

    @Override
    public String name() {
        return "classifier";
    }

    @Override
    public String architecture() {
        return net.toString();
    }

    String augmentation() {
        return "random horizontal flip (p = 0.5)" + (net.randomCrops()
                ? ", random crop of the image zero-padded by " + CROP_PADDING + " pixels" : "");
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
        SplittableRandom random = order.random(step);
        int n = indices.length;
        ImageShape shape = data.shape();
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        int pad = net.randomCrops() ? CROP_PADDING : 0;
        float[] pixels = new float[n * shape.size()];
        int[] y = new int[n];
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
            y[i] = data.label(image);
        }
        return Map.of(x, TFloat32.tensorOf(Shape.of(n, h, w, c), DataBuffers.of(pixels)),
                labels, TInt32.vectorOf(y));
    }

    @Override
    public Signature buildServing(Layers l) {
        Ops tf = l.tf;
        Placeholder<TFloat32> input = imageInput(tf);
        ClassifierNetwork.Outputs out = net.forward(l, input);
        return Signature.builder().key(Signature.DEFAULT_KEY).input("x", input)
                .output("logits", tf.withName("logits").identity(out.logits()))
                .output("features", tf.withName("features").identity(out.features()))
                .build();
    }

    private Placeholder<TFloat32> imageInput(Ops tf) {
        ImageShape s = data.shape();
        return tf.withName("x").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, s.height(), s.width(), s.channels())));
    }
}
