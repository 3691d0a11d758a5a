package io.diffood.diffusion;

/** A noise-prediction network eps(x_t, t, y) on a batch of n = t.length images, flattened NHWC. */
@FunctionalInterface
public interface NoisePredictor {

    float[] predictNoise(float[] x, int[] t, int[] y);
}
