package io.diffood.testing;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Real TensorFlow SavedModels for tests, built with the TensorFlow Java API in about a second.
 * <ul>
 * <li>{@link #gaussianDenoiser}: the optimal noise predictor for data x0 ~ N(0, s^2 I),
 * eps*(x_t, t) = sqrt(1 - abar_t) x_t / (abar_t s^2 + 1 - abar_t), on the linear 1e-4..0.02 schedule with
 * T = 1000. It ignores y, so guidance leaves it unchanged. Its DDIM result has a closed form.</li>
 * <li>{@link #linearClassifier}: logits = W x + b and features = tanh(V x) with fixed seeded weights.</li>
 * </ul>
 */
public final class FixtureModels {

    public static final int SIZE = 28;
    public static final int CLASSES = 10;
    public static final int FEATURES = 32;
    public static final double DATA_STD = 0.5;

    private FixtureModels() {
    }

    /** abar_t of the linear schedule, computed here in double precision, apart from the product code. */
    public static double[] linearAlphaBar() {
        double[] abar = new double[1000];
        double prod = 1;
        for (int t = 0; t < 1000; t++) {
            prod *= 1 - (1e-4 + (0.02 - 1e-4) * t / 999.0);
            abar[t] = prod;
        }
        return abar;
    }

    public static void gaussianDenoiser(Path dir) {
        double[] abar = linearAlphaBar();
        float[] table = new float[abar.length];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) abar[i];
        }
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, SIZE, SIZE, 1)));
            Placeholder<TInt32> t = tf.withName("t").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            Placeholder<TInt32> y = tf.withName("y").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            Operand<TFloat32> a = tf.reshape(tf.gather(tf.constant(table), t, tf.constant(0)),
                    tf.constant(new long[] {-1, 1, 1, 1}));
            Operand<TFloat32> one = tf.constant(1f);
            Operand<TFloat32> oneMinusA = tf.math.sub(one, a);
            Operand<TFloat32> denom = tf.math.add(tf.math.mul(a, tf.constant((float) (DATA_STD * DATA_STD))), oneMinusA);
            Operand<TFloat32> eps = tf.withName("eps").math.div(tf.math.mul(tf.math.sqrt(oneMinusA), x), denom);
            // y is part of the contract; touch it so that it stays in the graph without changing eps
            Operand<TFloat32> zero = tf.math.mul(tf.dtypes.cast(tf.reduceSum(y, tf.constant(0)), TFloat32.class), tf.constant(0f));
            Operand<TFloat32> out = tf.withName("eps_out").math.add(eps, zero);
            export(g, dir, Signature.builder().key(Signature.DEFAULT_KEY)
                    .input("x", x).input("t", t).input("y", y).output("eps", out).build());
        }
    }

    public static void linearClassifier(Path dir) {
        Random random = new Random(7);
        int pixels = SIZE * SIZE;
        float[][] w = new float[pixels][CLASSES];
        float[][] v = new float[pixels][FEATURES];
        for (int p = 0; p < pixels; p++) {
            for (int k = 0; k < CLASSES; k++) {
                w[p][k] = (float) (random.nextGaussian() * 0.2);
            }
            for (int d = 0; d < FEATURES; d++) {
                v[p][d] = (float) (random.nextGaussian() * 0.1);
            }
        }
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, SIZE, SIZE, 1)));
            Operand<TFloat32> flat = tf.reshape(x, tf.constant(new long[] {-1, pixels}));
            Operand<TFloat32> logits = tf.withName("logits").math.add(tf.linalg.matMul(flat, tf.constant(w)),
                    tf.constant(new float[] {0.1f, -0.2f, 0.3f, 0f, 0.05f, -0.1f, 0.2f, 0f, -0.3f, 0.15f}));
            Operand<TFloat32> features = tf.withName("features").math.tanh(tf.linalg.matMul(flat, tf.constant(v)));
            export(g, dir, Signature.builder().key(Signature.DEFAULT_KEY)
                    .input("x", x).output("logits", logits).output("features", features).build());
        }
    }

    private static void export(Graph g, Path dir, Signature signature) {
        deleteRecursively(dir);
        try (Session session = new Session(g)) {
            SavedModelBundle.exporter(dir.toString()).withFunction(SessionFunction.create(signature, session)).export();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces {@code to} with a copy of the folder tree {@code from}. */
    public static void copyFolder(Path from, Path to) {
        deleteRecursively(to);
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
