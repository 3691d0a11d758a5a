package io.diffood.tools.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The demo's small CNN for 28x28x1 images in [0, 1]: four 3x3 ReLU convolutions (28 -> 14 -> 7 by stride 2),
 * a dense ReLU layer on the flattened 7x7 map giving the penultimate {@code features}, and a dense
 * layer to 10 logits. Flattening keeps where things are (a sleeve, a heel), which global average
 * pooling loses: the pooled variant reached only 88.7% test accuracy with the same budget.
 */
final class ClassifierNet implements ClassifierNetwork {

    static final int SIZE = 28;

    private final int width;
    private final int classes;

    /** @param width channels at 28x28; doubled at 14x14 and again at 7x7 and in the features */
    ClassifierNet(int width, int classes) {
        this.width = width;
        this.classes = classes;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int featureDim() {
        return 4 * width;
    }

    @Override
    public String featuresDescription() {
        return "penultimate ReLU layer";
    }

    @Override
    public boolean randomCrops() {
        return false;
    }

    @Override
    public String toString() {
        return String.format("CNN 3x3 ReLU convs %d@28, %d@14 (stride 2), %d@14, %d@7 (stride 2), flatten,"
                + " dense ReLU -> features %d, dense -> %d logits", width, 2 * width, 2 * width, 4 * width,
                featureDim(), classes);
    }

    @Override
    public Outputs forward(Layers l, Operand<TFloat32> x) {
        Ops tf = l.tf;
        int c1 = width;
        int c2 = 2 * width;
        int c3 = 4 * width;
        Operand<TFloat32> h = tf.nn.relu(l.conv(x, 1, c1, 3, 1, 28 * 28, false));
        h = tf.nn.relu(l.conv(h, c1, c2, 3, 2, 14 * 14, false));
        h = tf.nn.relu(l.conv(h, c2, c2, 3, 1, 14 * 14, false));
        h = tf.nn.relu(l.conv(h, c2, c3, 3, 2, 7 * 7, false));
        int flat = 7 * 7 * c3;
        Operand<TFloat32> features = tf.nn.relu(l.dense(tf.reshape(h, tf.constant(new long[] {-1, flat})), flat,
                featureDim(), 2f));
        return new Outputs(l.dense(features, featureDim(), classes, 1f), features);
    }
}
