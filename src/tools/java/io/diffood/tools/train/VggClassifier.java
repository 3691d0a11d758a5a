package io.diffood.tools.train;

import io.diffood.model.ImageShape;

import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The small VGG-style network of Jordan's airbench94 (arXiv 2404.00498), which reaches 94 % on CIFAR-10 in about ten
 * epochs, for images of any size: a 3x3 stem, then three blocks of conv-maxpool-BN-ReLU-conv-BN-ReLU at widths w,
 * 4w, 4w, each halving the image; global pooling gives the {@code features} (4w), a dense layer the logits, scaled
 * by {@link #LOGIT_SCALE}. airbench pools by the maximum; the average is the
 * default here, since max-pooled features put OOD images nearer the class means than in-distribution ones
 * (Mahalanobis and ViM invert). Plain ReLU and a learned stem stand in for airbench's GELU and frozen whitening
 * layer. Per image it costs less than ResNet-20 at width 32 and trains in a third of the epochs.
 */
final class VggClassifier implements ClassifierNetwork {

    /**
     * airbench's output scale: small logits early keep the high learning rate stable. Average-pooled features need it
     * too: unscaled, the CIFAR-10 run at lr 0.4 diverged at step 245.
     */
    static final float LOGIT_SCALE = 0.125f;
    static final int STEM_WIDTH = 24;

    /** How the last block's map becomes the features. */
    enum Pooling {
        avg("average"), max("max");

        private final String word;

        Pooling(String word) {
            this.word = word;
        }
    }

    private final ImageShape shape;
    private final int width;
    private final Pooling pooling;
    private final int classes;

    VggClassifier(ImageShape shape, int width, Pooling pooling, int classes) {
        if (width < ResNetClassifier.MIN_WIDTH) {
            // the same oneDNN abort as the ResNet's below width 16
            throw new IllegalArgumentException("the VGG's width is at least " + ResNetClassifier.MIN_WIDTH + ", not "
                    + width);
        }
        this.shape = shape;
        this.width = width;
        this.pooling = pooling;
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
        return "global " + pooling.word + " pooling of the last block";
    }

    @Override
    public boolean randomCrops() {
        return true;
    }

    @Override
    public String toString() {
        return String.format("VGG-style (airbench94) on %s: 3x3 stem %d, 3 blocks of conv-maxpool-BN-ReLU-conv-BN-ReLU"
                + " at widths %d, %d, %d, global %s pooling -> features %d, dense x %.3f -> %d logits", shape,
                STEM_WIDTH, width, 4 * width, 4 * width, pooling, featureDim(), LOGIT_SCALE, classes);
    }

    @Override
    public Outputs forward(Layers l, Operand<TFloat32> x) {
        Ops tf = l.tf;
        int h = shape.height();
        int w = shape.width();
        Operand<TFloat32> out = tf.nn.relu(l.batchNorm(l.conv(x, shape.channels(), STEM_WIDTH, 3, 1, h * w, false),
                STEM_WIDTH, false));
        int channels = STEM_WIDTH;
        for (int cout : List.of(width, 4 * width, 4 * width)) {
            Operand<TFloat32> conv = l.conv(out, channels, cout, 3, 1, h * w, false);
            h = (h + 1) / 2;
            w = (w + 1) / 2;
            Operand<TFloat32> pooled = tf.nn.maxPool(conv, tf.constant(new int[] {1, 2, 2, 1}),
                    tf.constant(new int[] {1, 2, 2, 1}), "SAME");
            out = tf.nn.relu(l.batchNorm(pooled, cout, false));
            out = tf.nn.relu(l.batchNorm(l.conv(out, cout, cout, 3, 1, h * w, false), cout, false));
            channels = cout;
        }
        Operand<TInt32> spatial = tf.constant(new int[] {1, 2});
        Operand<TFloat32> features = pooling == Pooling.max ? tf.max(out, spatial) : tf.math.mean(out, spatial);
        return new Outputs(tf.math.mul(l.dense(features, channels, classes, 1f), tf.constant(LOGIT_SCALE)), features);
    }
}
