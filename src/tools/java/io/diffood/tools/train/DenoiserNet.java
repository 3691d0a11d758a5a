package io.diffood.tools.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Class-conditional eps-prediction UNet for 28x28x1 images: 28 -> 14 -> 7 with channel
 * multipliers 1, 2, 2, one residual block per level on the way down and two on the way up, two
 * middle blocks, GroupNorm + SiLU, stride-2 convolutions down and nearest-resize + convolution up.
 * Timestep: sinusoidal embedding + MLP; class: a learned table of {@link #CLASSES} + 1 rows whose
 * last row is the null class of classifier-free guidance.
 */
final class DenoiserNet {

    static final int SIZE = 28;
    static final int CLASSES = 10;
    static final int NULL_CLASS = CLASSES;
    private static final int[] MULTIPLIERS = {1, 2, 2};
    private static final int GROUPS = 8;

    private final int base;

    DenoiserNet(int baseWidth) {
        if (baseWidth % GROUPS != 0) {
            throw new IllegalArgumentException("base width must be a multiple of " + GROUPS + ": " + baseWidth);
        }
        this.base = baseWidth;
    }

    @Override
    public String toString() {
        return String.format("UNet base %d, channel multipliers 1,2,2 (28->14->7), 1 res block per level down,"
                + " 2 up, 2 middle, GroupNorm(%d)+SiLU, stride-2 conv down, nearest+conv up,"
                + " sinusoidal t embedding + MLP (dim %d), class embedding 11 rows (10 = null)", base, GROUPS,
                4 * base);
    }

    /** eps prediction for x_t in [-1, 1] (N,28,28,1), timestep t (N) and class y (N). */
    Operand<TFloat32> forward(Layers l, Operand<TFloat32> x, Operand<TInt32> t, Operand<TInt32> y) {
        Ops tf = l.tf;
        int embDim = 4 * base;
        Operand<TFloat32> temb = l.dense(l.silu(l.dense(timestepEmbedding(tf, t, base), base, embDim, 1f)),
                embDim, embDim, 1f);
        Operand<TFloat32> table = l.weight("class_emb", new long[] {CLASSES + 1, embDim}, 1f);
        Operand<TFloat32> emb = l.silu(tf.math.add(temb, tf.gather(table, y, tf.constant(0))));

        Deque<Operand<TFloat32>> skips = new ArrayDeque<>();
        Deque<Integer> skipChannels = new ArrayDeque<>();
        int size = SIZE;
        int ch = base;
        Operand<TFloat32> h = l.conv(x, 1, ch, 3, 1, size, false);
        skips.push(h);
        skipChannels.push(ch);
        for (int level = 0; level < MULTIPLIERS.length; level++) {
            int cout = base * MULTIPLIERS[level];
            h = resBlock(l, h, ch, cout, size, emb, embDim);
            ch = cout;
            skips.push(h);
            skipChannels.push(ch);
            if (level < MULTIPLIERS.length - 1) {
                size /= 2;
                h = l.conv(h, ch, ch, 3, 2, size, false);
                skips.push(h);
                skipChannels.push(ch);
            }
        }
        h = resBlock(l, h, ch, ch, size, emb, embDim);
        h = resBlock(l, h, ch, ch, size, emb, embDim);
        for (int level = MULTIPLIERS.length - 1; level >= 0; level--) {
            int cout = base * MULTIPLIERS[level];
            for (int r = 0; r < 2; r++) {
                int skipCh = skipChannels.pop();
                h = tf.concat(List.of(h, skips.pop()), tf.constant(3));
                h = resBlock(l, h, ch + skipCh, cout, size, emb, embDim);
                ch = cout;
            }
            if (level > 0) {
                size *= 2;
                h = l.conv(tf.image.resizeNearestNeighbor(h, tf.constant(new int[] {size, size})), ch, ch, 3, 1,
                        size, false);
            }
        }
        return l.conv(l.silu(l.groupNorm(h, ch, size, GROUPS)), ch, 1, 3, 1, size, true);
    }

    private Operand<TFloat32> resBlock(Layers l, Operand<TFloat32> in, int cin, int cout, int size,
            Operand<TFloat32> emb, int embDim) {
        Ops tf = l.tf;
        Operand<TFloat32> h = l.conv(l.silu(l.groupNorm(in, cin, size, GROUPS)), cin, cout, 3, 1, size, false);
        h = tf.math.add(h, tf.reshape(l.dense(emb, embDim, cout, 1f), tf.constant(new long[] {-1, 1, 1, cout})));
        // zero-initialised last convolution: every block starts as the identity
        h = l.conv(l.silu(l.groupNorm(h, cout, size, GROUPS)), cout, cout, 3, 1, size, true);
        Operand<TFloat32> skip = cin == cout ? in : l.conv(in, cin, cout, 1, 1, size, false);
        return tf.math.add(skip, h);
    }

    private static Operand<TFloat32> timestepEmbedding(Ops tf, Operand<TInt32> t, int dim) {
        int half = dim / 2;
        float[] frequencies = new float[half];
        for (int i = 0; i < half; i++) {
            frequencies[i] = (float) Math.exp(-Math.log(10000.0) * i / (half - 1));
        }
        Operand<TFloat32> args = tf.math.mul(tf.expandDims(tf.dtypes.cast(t, TFloat32.class), tf.constant(1)),
                tf.constant(new float[][] {frequencies}));
        return tf.concat(List.of(tf.math.sin(args), tf.math.cos(args)), tf.constant(1));
    }
}
