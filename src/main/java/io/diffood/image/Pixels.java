package io.diffood.image;

import io.diffood.image.InvalidImageException.Problem;

/** An image as floats in [0, 1], row-major HWC. */
public record Pixels(int height, int width, int channels, float[] data) {

    public Pixels {
        if ((long) height * width * channels != data.length) {
            throw new IllegalArgumentException("pixel data has " + data.length + " values, shape " + height + "x" + width
                    + "x" + channels + " needs " + (long) height * width * channels);
        }
    }

    /** Pixels given as numbers in [0, 1] with their shape [H, W, C], checked value by value. */
    public static Pixels of(double[] values, int[] shape, long maxPixels) {
        if (shape == null || shape.length != 3 || shape[0] <= 0 || shape[1] <= 0 || shape[2] <= 0) {
            throw new InvalidImageException(Problem.INVALID_SHAPE, "pixels need shape [H, W, C] with positive sizes");
        }
        if ((long) shape[0] * shape[1] > maxPixels) {
            throw new InvalidImageException(Problem.TOO_LARGE, "shape " + shape[0] + "x" + shape[1]
                    + " is over the limit of " + maxPixels + " pixels (diffood.limits.max-pixels)");
        }
        long expected = (long) shape[0] * shape[1] * shape[2];
        if (expected != values.length) {
            throw new InvalidImageException(Problem.INVALID_SHAPE, "shape " + shape[0] + "x" + shape[1] + "x" + shape[2]
                    + " needs " + expected + " values, pixels has " + values.length);
        }
        if (shape[2] > 4) {
            throw new InvalidImageException(Problem.UNSUPPORTED_CHANNELS, "pixels may have 1 to 4 channels, not " + shape[2]);
        }
        float[] data = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= 0 && v <= 1)) { // also false for NaN
                throw new InvalidImageException(Problem.INVALID_PIXELS, "pixel " + i + " is " + v
                        + "; values must be finite and in [0, 1] (divide 8-bit values by 255)");
            }
            data[i] = (float) v;
        }
        return new Pixels(shape[0], shape[1], shape[2], data);
    }
}
