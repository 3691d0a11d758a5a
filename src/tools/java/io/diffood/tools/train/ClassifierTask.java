package io.diffood.tools.train;

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

import io.diffood.tools.data.LabeledImages;

/** Cross-entropy training of {@link ClassifierNet}; augmentation: random horizontal flips. */
final class ClassifierTask implements TrainingTask {

    private final ClassifierNet net;
    private final LabeledImages data;
    private final BatchOrder order;
    private Placeholder<TFloat32> x;
    private Placeholder<TInt32> labels;

    ClassifierTask(ClassifierNet net, LabeledImages data, BatchOrder order) {
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

    @Override
    public Operand<TFloat32> buildLoss(Layers l) {
        Ops tf = l.tf;
        x = imageInput(tf);
        labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Operand<TFloat32> logits = net.forward(l, x).logits();
        Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(ClassifierNet.CLASSES), tf.constant(1f),
                tf.constant(0f));
        return tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
    }

    @Override
    public Map<Operand<?>, Tensor> batch(long step) {
        int[] indices = order.indices(step);
        SplittableRandom random = order.random(step);
        int n = indices.length;
        int size = ClassifierNet.SIZE;
        float[] pixels = new float[n * size * size];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int image = indices[i];
            boolean flip = random.nextBoolean();
            for (int r = 0; r < size; r++) {
                for (int c = 0; c < size; c++) {
                    int source = r * size + (flip ? size - 1 - c : c);
                    pixels[(i * size + r) * size + c] = data.images().pixel(image, source) / 255f;
                }
            }
            y[i] = data.label(image);
        }
        return Map.of(x, TFloat32.tensorOf(Shape.of(n, size, size, 1), DataBuffers.of(pixels)),
                labels, TInt32.vectorOf(y));
    }

    @Override
    public Signature buildServing(Layers l) {
        Ops tf = l.tf;
        Placeholder<TFloat32> input = imageInput(tf);
        ClassifierNet.Outputs out = net.forward(l, input);
        return Signature.builder().key(Signature.DEFAULT_KEY).input("x", input)
                .output("logits", tf.withName("logits").identity(out.logits()))
                .output("features", tf.withName("features").identity(out.features()))
                .build();
    }

    private static Placeholder<TFloat32> imageInput(Ops tf) {
        return tf.withName("x").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, ClassifierNet.SIZE, ClassifierNet.SIZE, 1)));
    }
}
