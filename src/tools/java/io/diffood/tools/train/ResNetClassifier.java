package io.diffood.tools.train;

import io.diffood.model.ImageShape;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * He et al.'s CIFAR ResNet (depth 6n + 2: ResNet-20 for n = 3) for images of any size: a 3x3 stem, three stages
 * of n basic blocks (conv-BN-ReLU-conv-BN plus shortcut, then ReLU) at widths w, 2w, 4w, the last two starting with
 * stride 2 and a 1x1 projection shortcut; global average pooling gives the {@code features} (4w), a dense layer
 * the logits. Each block's last batch norm starts at zero scale, so every block starts as the identity.
 */
final class ResNetClassifier implements ClassifierNetwork {

    static final int MIN_WIDTH = 16;

    private final ImageShape shape;
    private final int depth;
    private final int width;
    private final int classes;

    ResNetClassifier(ImageShape shape, int depth, int width, int classes) {
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("a CIFAR ResNet's depth is 6n + 2 (8, 14, 20, 32, ...), not " + depth);
        }
        if (width < MIN_WIDTH) {
            // TensorFlow 2.16's oneDNN kernels abort the process (double free) in the first training step at width 8
            throw new IllegalArgumentException("the ResNet's width is at least " + MIN_WIDTH + ", not " + width);
        }
        this.shape = shape;
        this.depth = depth;
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
        return "global average pooling of the last stage";
    }

    @Override
    public boolean randomCrops() {
        return true;
    }

    @Override
    public String toString() {
        return String.format("ResNet-%d (CIFAR style) on %s: 3x3 stem %d, 3 stages of %d basic blocks at widths %d,"
                + " %d, %d (stride 2 and 1x1 projection at stages 2 and 3), batch norm, ReLU, global average pooling"
                + " -> features %d, dense -> %d logits", depth, shape, width, (depth - 2) / 6, width, 2 * width,
                4 * width, featureDim(), classes);
    }

    @Override
    public Outputs forward(Layers l, Operand<TFloat32> x) {
        Ops tf = l.tf;
        int h = shape.height();
        int w = shape.width();
        Operand<TFloat32> out = tf.nn.relu(l.batchNorm(l.conv(x, shape.channels(), width, 3, 1, h * w, false),
                width, false));
        int channels = width;
        int blocks = (depth - 2) / 6;
        for (int stage = 0; stage < 3; stage++) {
            int cout = width << stage;
            for (int b = 0; b < blocks; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                h = (h + stride - 1) / stride;
                w = (w + stride - 1) / stride;
                out = block(l, out, channels, cout, stride, h * w);
                channels = cout;
            }
        }
        Operand<TFloat32> features = tf.math.mean(out, tf.constant(new int[] {1, 2}));
        return new Outputs(l.dense(features, channels, classes, 1f), features);
    }

    private static Operand<TFloat32> block(Layers l, Operand<TFloat32> in, int cin, int cout, int stride, int pixels) {
        Ops tf = l.tf;
        Operand<TFloat32> h = tf.nn.relu(l.batchNorm(l.conv(in, cin, cout, 3, stride, pixels, false), cout, false));
        h = l.batchNorm(l.conv(h, cout, cout, 3, 1, pixels, false), cout, true);
        Operand<TFloat32> shortcut = cin == cout && stride == 1 ? in
                : l.batchNorm(l.conv(in, cin, cout, 1, stride, pixels, false), cout, false);
        return tf.nn.relu(tf.math.add(shortcut, h));
    }
}
