package io.diffood.tools.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds network layers from raw TensorFlow ops (TF Java has no Keras layers) and records the
 * trainable variables in creation order, the parameter count and the forward FLOPs per image.
 * Building the same network twice yields the variables in the same order, which is how trained
 * weights are copied from a training graph into an inference graph.
 */
final class Layers {

    /** Truncated normal at [-2, 2] has a standard deviation of about 0.88: rescale to 1. */
    private static final float TRUNCATED_NORMAL_STD = 0.88f;

    /** Momentum of batch norm's moving statistics. */
    static final float BATCH_NORM_MOMENTUM = 0.9f;

    final Ops tf;
    private final Ops init;
    private final boolean training;
    private final List<Variable<TFloat32>> variables = new ArrayList<>();
    private final List<Variable<TFloat32>> decayed = new ArrayList<>();
    private final List<Variable<TFloat32>> state = new ArrayList<>();
    private final List<Op> stateUpdates = new ArrayList<>();
    private long seed;
    private long parameters;
    private double flops;
    private int counter;

    /** @param training batch norm normalises by the batch and updates its moving statistics; else it uses them */
    Layers(Ops tf, long seed, boolean training) {
        this.tf = tf;
        this.init = tf.withInitScope();
        this.seed = seed;
        this.training = training;
    }

    /** The trainable variables, in creation order. */
    List<Variable<TFloat32>> variables() {
        return Collections.unmodifiableList(variables);
    }

    /** Convolution and dense kernels: the weights that weight decay applies to. */
    List<Variable<TFloat32>> decayed() {
        return Collections.unmodifiableList(decayed);
    }

    /** Non-trainable variables (batch norm's moving statistics), in creation order. */
    List<Variable<TFloat32>> state() {
        return Collections.unmodifiableList(state);
    }

    /** The ops a training step runs besides the optimiser: the moving statistics' updates. */
    List<Op> stateUpdates() {
        return Collections.unmodifiableList(stateUpdates);
    }

    long parameters() {
        return parameters;
    }

    /** Forward multiply-adds of convolutions, dense layers and attention products, times 2, per image. */
    double flopsPerImage() {
        return flops;
    }

    /** Counts work done outside {@link #conv} and {@link #dense}. */
    void addFlops(double perImage) {
        flops += perImage;
    }

    /** A trainable variable, normal with standard deviation {@code std}, or zeros if std is 0. */
    Variable<TFloat32> weight(String name, long[] shape, float std) {
        Operand<TFloat32> value = std == 0f
                ? init.zeros(init.constant(shape), TFloat32.class)
                : init.math.mul(init.random.truncatedNormal(init.constant(shape), TFloat32.class,
                        TruncatedNormal.seed(seed), TruncatedNormal.seed2((long) counter)),
                        init.constant(std / TRUNCATED_NORMAL_STD));
        return register(name, shape, value);
    }

    Variable<TFloat32> filled(String name, long[] shape, float value) {
        return register(name, shape, init.fill(init.constant(shape), init.constant(value)));
    }

    private Variable<TFloat32> register(String name, long[] shape, Operand<TFloat32> value) {
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        parameters += count;
        Variable<TFloat32> v = init.withName(name + "_" + counter++).variable(value);
        variables.add(v);
        return v;
    }

    /**
     * SAME-padded convolution with bias; He initialisation, or zeros for residual outputs.
     *
     * @param outPixels height times width of the output, for the FLOP count
     */
    Operand<TFloat32> conv(Operand<TFloat32> in, int cin, int cout, int kernel, int stride, int outPixels,
            boolean zeroInit) {
        float std = zeroInit ? 0f : (float) Math.sqrt(2.0 / (kernel * kernel * cin));
        Variable<TFloat32> w = weight("conv_w", new long[] {kernel, kernel, cin, cout}, std);
        decayed.add(w);
        Variable<TFloat32> b = weight("conv_b", new long[] {cout}, 0f);
        flops += 2.0 * outPixels * kernel * kernel * cin * cout;
        return tf.nn.biasAdd(tf.nn.conv2d(in, w, List.of(1L, (long) stride, (long) stride, 1L), "SAME"), b);
    }

    Operand<TFloat32> dense(Operand<TFloat32> in, int cin, int cout, float gain) {
        Variable<TFloat32> w = weight("dense_w", new long[] {cin, cout}, (float) Math.sqrt(gain / cin));
        decayed.add(w);
        Variable<TFloat32> b = weight("dense_b", new long[] {cout}, 0f);
        flops += 2.0 * cin * cout;
        return tf.math.add(tf.linalg.matMul(in, w), b);
    }

    /**
     * Batch norm over N, H, W with a per-channel scale and shift. Training normalises by the batch's moments and
     * moves the running ones towards them; inference uses the running ones.
     */
    Operand<TFloat32> batchNorm(Operand<TFloat32> in, int channels, boolean zeroScale) {
        Variable<TFloat32> gamma = filled("bn_gamma", new long[] {channels}, zeroScale ? 0f : 1f);
        Variable<TFloat32> beta = weight("bn_beta", new long[] {channels}, 0f);
        Variable<TFloat32> movingMean = stateVariable("bn_mean", channels, 0f);
        Variable<TFloat32> movingVariance = stateVariable("bn_variance", channels, 1f);
        Operand<TFloat32> mean;
        Operand<TFloat32> variance;
        if (training) {
            Operand<TInt32> axes = tf.constant(new int[] {0, 1, 2});
            mean = tf.math.mean(in, axes);
            variance = tf.math.mean(tf.math.squaredDifference(in, mean), axes);
            Operand<TFloat32> keep = tf.constant(BATCH_NORM_MOMENTUM);
            Operand<TFloat32> take = tf.constant(1 - BATCH_NORM_MOMENTUM);
            stateUpdates.add(tf.assign(movingMean, tf.math.add(tf.math.mul(movingMean, keep), tf.math.mul(mean, take))));
            stateUpdates.add(tf.assign(movingVariance,
                    tf.math.add(tf.math.mul(movingVariance, keep), tf.math.mul(variance, take))));
        } else {
            mean = movingMean;
            variance = movingVariance;
        }
        Operand<TFloat32> scale = tf.math.mul(tf.math.rsqrt(tf.math.add(variance, tf.constant(1e-5f))), gamma);
        return tf.math.add(tf.math.mul(tf.math.sub(in, mean), scale), beta);
    }

    private Variable<TFloat32> stateVariable(String name, int channels, float value) {
        Variable<TFloat32> v = init.withName(name + "_" + counter++)
                .variable(init.fill(init.constant(new long[] {channels}), init.constant(value)));
        state.add(v);
        return v;
    }

    Operand<TFloat32> silu(Operand<TFloat32> v) {
        return tf.math.mul(v, tf.math.sigmoid(v));
    }

    /**
     * GroupNorm: the raw ops have no moments op, so normalise a [N,H,W,G,C/G] view over axes
     * {1,2,4}, then apply a per-channel scale and shift.
     */
    Operand<TFloat32> groupNorm(Operand<TFloat32> in, int channels, int height, int width, int groups) {
        int g = Math.min(groups, channels);
        Operand<TFloat32> r = tf.reshape(in, tf.constant(new long[] {-1, height, width, g, channels / g}));
        Operand<TFloat32> mean = tf.math.mean(r, tf.constant(new int[] {1, 2, 4}), Mean.keepDims(true));
        Operand<TFloat32> centered = tf.math.sub(r, mean);
        Operand<TFloat32> variance = tf.math.mean(tf.math.square(centered), tf.constant(new int[] {1, 2, 4}),
                Mean.keepDims(true));
        Operand<TFloat32> normed = tf.math.mul(centered, tf.math.rsqrt(tf.math.add(variance, tf.constant(1e-5f))));
        Operand<TFloat32> back = tf.reshape(normed, tf.constant(new long[] {-1, height, width, channels}));
        Variable<TFloat32> gamma = filled("gn_gamma", new long[] {channels}, 1f);
        Variable<TFloat32> beta = weight("gn_beta", new long[] {channels}, 0f);
        return tf.math.add(tf.math.mul(back, gamma), beta);
    }
}
