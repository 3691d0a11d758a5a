package io.diffood.tools.train;

import io.diffood.model.ImageShape;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Class-conditional eps-prediction UNet whose depth follows the image size: it halves the resolution while both
 * sides are even and at least 8 (28 -> 14 -> 7 for the demo, 32 -> 16 -> 8 -> 4 for CIFAR-10), channel multiplier 1
 * at the first level and 2 below; one residual block per level on the way down and two on the way up, two middle
 * blocks (with single-head self-attention between them if asked), GroupNorm + SiLU, stride-2 convolutions down and
 * nearest-resize + convolution up. Timestep: sinusoidal embedding + MLP; class: a learned table of classes + 1 rows
 * whose last row is the null class of classifier-free guidance.
 */
final class DenoiserNet {

    private static final int GROUPS = 8;

    private final int base;
    private final ImageShape shape;
    private final int classes;
    private final boolean attention;
    private final List<int[]> levels = new ArrayList<>();

    DenoiserNet(int baseWidth, ImageShape shape, int classes, boolean attention) {
        if (baseWidth % GROUPS != 0) {
            throw new IllegalArgumentException("base width must be a multiple of " + GROUPS + ": " + baseWidth);
        }
        this.base = baseWidth;
        this.shape = shape;
        this.classes = classes;
        this.attention = attention;
        int h = shape.height();
        int w = shape.width();
        levels.add(new int[] {h, w});
        while (h % 2 == 0 && w % 2 == 0 && h >= 8 && w >= 8) {
            h /= 2;
            w /= 2;
            levels.add(new int[] {h, w});
        }
    }

    /** The label of "no class": the class-embedding table's last row. */
    int nullClass() {
        return classes;
    }

    int classes() {
        return classes;
    }

    private int multiplier(int level) {
        return level == 0 ? 1 : 2;
    }

    @Override
    public String toString() {
        StringBuilder sizes = new StringBuilder();
        StringBuilder multipliers = new StringBuilder();
        for (int i = 0; i < levels.size(); i++) {
            sizes.append(i == 0 ? "" : "->").append(levels.get(i)[0]);
            multipliers.append(i == 0 ? "" : ",").append(multiplier(i));
        }
        return String.format("UNet on %s, base %d, channel multipliers %s (%s), 1 res block per level down,"
                + " 2 up, 2 middle%s, GroupNorm(%d)+SiLU, stride-2 conv down, nearest+conv up,"
                + " sinusoidal t embedding + MLP (dim %d), class embedding %d rows (%d = null)", shape, base,
                multipliers, sizes, attention ? " with self-attention between them" : "", GROUPS, 4 * base,
                classes + 1, classes);
    }

    /** eps prediction for x_t in [-1, 1] (N,H,W,C), timestep t (N) and class y (N). */
    Operand<TFloat32> forward(Layers l, Operand<TFloat32> x, Operand<TInt32> t, Operand<TInt32> y) {
        Ops tf = l.tf;
        int embDim = 4 * base;
        Operand<TFloat32> temb = l.dense(l.silu(l.dense(timestepEmbedding(tf, t, base), base, embDim, 1f)),
                embDim, embDim, 1f);
        Operand<TFloat32> table = l.weight("class_emb", new long[] {classes + 1, embDim}, 1f);
        Operand<TFloat32> emb = l.silu(tf.math.add(temb, tf.gather(table, y, tf.constant(0))));

        Deque<Operand<TFloat32>> skips = new ArrayDeque<>();
        Deque<Integer> skipChannels = new ArrayDeque<>();
        int level = 0;
        int[] size = levels.get(0);
        int ch = base;
        Operand<TFloat32> h = l.conv(x, shape.channels(), ch, 3, 1, pixels(size), false);
        skips.push(h);
        skipChannels.push(ch);
        for (; level < levels.size(); level++) {
            size = levels.get(level);
            int cout = base * multiplier(level);
            h = resBlock(l, h, ch, cout, size, emb, embDim);
            ch = cout;
            skips.push(h);
            skipChannels.push(ch);
            if (level < levels.size() - 1) {
                h = l.conv(h, ch, ch, 3, 2, pixels(levels.get(level + 1)), false);
                skips.push(h);
                skipChannels.push(ch);
            }
        }
        h = resBlock(l, h, ch, ch, size, emb, embDim);
        if (attention) {
            h = selfAttention(l, h, ch, size);
        }
        h = resBlock(l, h, ch, ch, size, emb, embDim);
        for (level = levels.size() - 1; level >= 0; level--) {
            size = levels.get(level);
            int cout = base * multiplier(level);
            for (int r = 0; r < 2; r++) {
                int skipCh = skipChannels.pop();
                h = tf.concat(List.of(h, skips.pop()), tf.constant(3));
                h = resBlock(l, h, ch + skipCh, cout, size, emb, embDim);
                ch = cout;
            }
            if (level > 0) {
                int[] up = levels.get(level - 1);
                h = l.conv(tf.image.resizeNearestNeighbor(h, tf.constant(up)), ch, ch, 3, 1, pixels(up), false);
            }
        }
        return l.conv(l.silu(l.groupNorm(h, ch, size[0], size[1], GROUPS)), ch, shape.channels(), 3, 1, pixels(size),
                true);
    }

    private static int pixels(int[] size) {
        return size[0] * size[1];
    }

    private Operand<TFloat32> resBlock(Layers l, Operand<TFloat32> in, int cin, int cout, int[] size,
            Operand<TFloat32> emb, int embDim) {
        Ops tf = l.tf;
        Operand<TFloat32> h = l.conv(l.silu(l.groupNorm(in, cin, size[0], size[1], GROUPS)), cin, cout, 3, 1,
                pixels(size), false);
        h = tf.math.add(h, tf.reshape(l.dense(emb, embDim, cout, 1f), tf.constant(new long[] {-1, 1, 1, cout})));
        // zero-initialised last convolution: every block starts as the identity
        h = l.conv(l.silu(l.groupNorm(h, cout, size[0], size[1], GROUPS)), cout, cout, 3, 1, pixels(size), true);
        Operand<TFloat32> skip = cin == cout ? in : l.conv(in, cin, cout, 1, 1, pixels(size), false);
        return tf.math.add(skip, h);
    }

    /** Single-head self-attention over the positions, residual, with a zero-initialised output projection. */
    private Operand<TFloat32> selfAttention(Layers l, Operand<TFloat32> in, int ch, int[] size) {
        Ops tf = l.tf;
        int n = pixels(size);
        Operand<TFloat32> flat = tf.reshape(l.groupNorm(in, ch, size[0], size[1], GROUPS),
                tf.constant(new long[] {-1, ch}));
        Operand<TFloat32> q = tf.reshape(l.dense(flat, ch, ch, 1f), tf.constant(new long[] {-1, n, ch}));
        Operand<TFloat32> k = tf.reshape(l.dense(flat, ch, ch, 1f), tf.constant(new long[] {-1, n, ch}));
        Operand<TFloat32> v = tf.reshape(l.dense(flat, ch, ch, 1f), tf.constant(new long[] {-1, n, ch}));
        Operand<TFloat32> weights = tf.nn.softmax(tf.math.mul(
                tf.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true)), tf.constant((float) (1 / Math.sqrt(ch)))));
        Operand<TFloat32> attended = tf.reshape(tf.train.batchMatMul(weights, v, TFloat32.class), tf.constant(new long[] {-1, ch}));
        l.addFlops(4.0 * n * n * ch);
        Operand<TFloat32> projected = l.dense(attended, ch, ch, 0f);
        return tf.math.add(in, tf.reshape(projected, tf.constant(new long[] {-1, size[0], size[1], ch})));
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
