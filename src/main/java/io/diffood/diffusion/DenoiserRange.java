package io.diffood.diffusion;

/** The denoiser works in [-1, 1] pixel units; images and the classifier use [0, 1]. */
public final class DenoiserRange {

    private DenoiserRange() {
    }

    public static float fromUnit(float v) {
        return 2f * v - 1f;
    }

    /** Back to [0, 1], clipped: the denoiser may overshoot the data range. */
    public static float toUnit(float x) {
        return Math.min(1f, Math.max(0f, (x + 1f) * 0.5f));
    }

    public static float[] fromUnit(float[] image) {
        float[] x = new float[image.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = fromUnit(image[i]);
        }
        return x;
    }
}
