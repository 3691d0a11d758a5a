package io.diffood.tools.train;

import io.diffood.diffusion.ScheduleSettings;
import io.diffood.diffusion.DenoiserRange;
import io.diffood.diffusion.NoiseSchedule;

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
 * eps-MSE training of {@link DenoiserNet}. Noise, timesteps and label dropout are drawn in Java
 * from the step's seeded stream, so a run is reproducible and resumable from its step alone.
 */
final class DenoiserTask implements TrainingTask {

    /** Share of samples with t uniform in [0, {@link #FOCUS_T}); the rest are uniform in [0, T). */
    static final double FOCUS_SHARE = 0.8;
    /** The settings we evaluate start DDIM at t <= 600, so training concentrates there. */
    static final int FOCUS_T = 600;
    static final double LABEL_DROPOUT = 0.1;

    private final DenoiserNet net;
    private final Dataset data;
    private final BatchOrder order;
    private final NoiseSchedule schedule;
    private Placeholder<TFloat32> cleanX;
    private Placeholder<TFloat32> noise;
    private Placeholder<TFloat32> signalScale;
    private Placeholder<TFloat32> noiseScale;
    private Placeholder<TInt32> t;
    private Placeholder<TInt32> y;

    DenoiserTask(DenoiserNet net, Dataset data, BatchOrder order, NoiseSchedule schedule) {
        this.net = net;
        this.data = data;
        this.order = order;
        this.schedule = schedule;
    }

    @Override
    public String name() {
        return "denoiser";
    }

    @Override
    public String architecture() {
        return net.toString();
    }

    static int sampleTimestep(SplittableRandom random) {
        return random.nextDouble() < FOCUS_SHARE ? random.nextInt(FOCUS_T) : random.nextInt(ScheduleSettings.DDPM_LINEAR.steps());
    }

    @Override
    public Operand<TFloat32> buildLoss(Layers l) {
        Ops tf = l.tf;
        cleanX = imagePlaceholder(tf, "x0");
        noise = imagePlaceholder(tf, "noise");
        signalScale = tf.withName("signal_scale").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
        noiseScale = tf.withName("noise_scale").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
        t = intPlaceholder(tf, "t");
        y = intPlaceholder(tf, "y");
        Operand<TFloat32> noisy = tf.math.add(tf.math.mul(perImage(tf, signalScale), cleanX),
                tf.math.mul(perImage(tf, noiseScale), noise));
        Operand<TFloat32> eps = net.forward(l, noisy, t, y);
        return tf.math.mean(tf.math.squaredDifference(eps, noise), tf.constant(new int[] {0, 1, 2, 3}));
    }

    @Override
    public Map<Operand<?>, Tensor> batch(long step) {
        int[] indices = order.indices(step);
        SplittableRandom random = order.random(step);
        int n = indices.length;
        int pixelsPerImage = data.shape().size();
        float[] x0 = new float[n * pixelsPerImage];
        float[] z = new float[n * pixelsPerImage];
        float[] a = new float[n];
        float[] b = new float[n];
        int[] ts = new int[n];
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < pixelsPerImage; p++) {
                x0[i * pixelsPerImage + p] = DenoiserRange.fromUnit(data.value(indices[i], p) / 255f);
                z[i * pixelsPerImage + p] = (float) random.nextGaussian();
            }
            ts[i] = sampleTimestep(random);
            a[i] = (float) Math.sqrt(schedule.alphaBar(ts[i]));
            b[i] = (float) Math.sqrt(1 - schedule.alphaBar(ts[i]));
            ys[i] = random.nextDouble() < LABEL_DROPOUT ? net.nullClass() : data.label(indices[i]);
        }
        Shape images = imageShape(n);
        return Map.of(cleanX, TFloat32.tensorOf(images, DataBuffers.of(x0)),
                noise, TFloat32.tensorOf(images, DataBuffers.of(z)),
                signalScale, TFloat32.vectorOf(a), noiseScale, TFloat32.vectorOf(b),
                t, TInt32.vectorOf(ts), y, TInt32.vectorOf(ys));
    }

    @Override
    public Signature buildServing(Layers l) {
        Ops tf = l.tf;
        Placeholder<TFloat32> x = imagePlaceholder(tf, "x");
        Placeholder<TInt32> ts = intPlaceholder(tf, "t");
        Placeholder<TInt32> ys = intPlaceholder(tf, "y");
        Operand<TFloat32> eps = tf.withName("eps").identity(net.forward(l, x, ts, ys));
        return Signature.builder().key(Signature.DEFAULT_KEY).input("x", x).input("t", ts).input("y", ys)
                .output("eps", eps).build();
    }

    private Placeholder<TFloat32> imagePlaceholder(Ops tf, String name) {
        return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(imageShape(-1)));
    }

    private Shape imageShape(long n) {
        return Shape.of(n, data.shape().height(), data.shape().width(), data.shape().channels());
    }

    private static Placeholder<TInt32> intPlaceholder(Ops tf, String name) {
        return tf.withName(name).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    }

    private static Operand<TFloat32> perImage(Ops tf, Operand<TFloat32> scale) {
        return tf.reshape(scale, tf.constant(new long[] {-1, 1, 1, 1}));
    }
}
