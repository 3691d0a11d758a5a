package io.diffood.tools.train;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * Seeded data order: each epoch is a fresh permutation derived from the seed and the epoch
 * number, and each step gets its own random stream. A resumed run therefore needs only the step.
 */
final class BatchOrder {

    private final int size;
    private final int batch;
    private final long seed;
    private long cachedEpoch = -1;
    private int[] permutation;

    BatchOrder(int size, int batch, long seed) {
        if (batch > size) {
            throw new IllegalArgumentException("batch " + batch + " larger than the data set " + size);
        }
        this.size = size;
        this.batch = batch;
        this.seed = seed;
    }

    int batchSize() {
        return batch;
    }

    /** Data indices of a step; epochs are cut at whole batches. */
    int[] indices(long step) {
        long perEpoch = size / batch;
        long epoch = step / perEpoch;
        int offset = (int) (step % perEpoch) * batch;
        int[] p = permutation(epoch);
        int[] out = new int[batch];
        System.arraycopy(p, offset, out, 0, batch);
        return out;
    }

    /** Random numbers of a step (noise, timesteps, label dropout, augmentation). */
    SplittableRandom random(long step) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
    }

    private int[] permutation(long epoch) {
        if (epoch != cachedEpoch) {
            Random r = new Random(seed * 1_000_003L + epoch);
            permutation = new int[size];
            for (int i = 0; i < size; i++) {
                permutation[i] = i;
            }
            for (int i = size - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int tmp = permutation[i];
                permutation[i] = permutation[j];
                permutation[j] = tmp;
            }
            cachedEpoch = epoch;
        }
        return permutation;
    }
}
