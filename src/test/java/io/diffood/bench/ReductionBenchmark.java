package io.diffood.bench;

import io.diffood.score.vectorization.ReductionProvider;
import io.diffood.score.vectorization.ReductionSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The Vector API reductions against their scalar twin. Sizes: 10 (logits of the demo classifier),
 * 128 (its features), 1000 (ImageNet logits), 2048 (ResNet-50 features). Each call does what the DDP score
 * does per denoised image: normalize a row, then its L1 distance to the reference; plus logsumexp and max.
 * Run: ./mvnw -q test-compile exec:exec@bench-reductions
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReductionBenchmark {

    @Param({"10", "128", "1000", "2048"})
    int size;

    @Param({"scalar", "panama"})
    String impl;

    private ReductionSupport reductions;
    private float[] reference;
    private float[] row;

    @Setup
    public void setUp() {
        reductions = impl.equals("scalar") ? ReductionProvider.scalar() : ReductionProvider.panama();
        Random random = new Random(1);
        reference = new float[size];
        row = new float[size];
        for (int i = 0; i < size; i++) {
            reference[i] = (float) random.nextGaussian();
            row[i] = (float) random.nextGaussian();
        }
        reductions.normalize(reference, 0, size);
    }

    @Benchmark
    public float ddpDistance() {
        reductions.normalize(row, 0, size);
        return reductions.l1Distance(reference, 0, row, 0, size);
    }

    @Benchmark
    public float logSumExp() {
        return reductions.logSumExp(row, 0, size);
    }

    @Benchmark
    public float max() {
        return reductions.max(row, 0, size);
    }
}
