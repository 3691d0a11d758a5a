package io.diffood.diffusion;

import java.util.Random;

/**
 * Seeded standard normal noise. java.util.Random's Gaussian sequence is fixed by its specification, so a seed
 * gives the same noise on every JVM and platform: scores are reproducible across machines.
 */
public final class GaussianNoise {

    private GaussianNoise() {
    }

    /** {@code count} draws of {@code size} values each, in order, from one generator seeded with {@code seed}. */
    public static float[][] draws(long seed, int count, int size) {
        Random random = new Random(seed);
        float[][] out = new float[count][size];
        for (float[] draw : out) {
            for (int i = 0; i < size; i++) {
                draw[i] = (float) random.nextGaussian();
            }
        }
        return out;
    }
}
