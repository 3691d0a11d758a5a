package io.diffood.image;

/** An image as floats in [0, 1], row-major HWC. */
public record Pixels(int height, int width, int channels, float[] data) {

    public Pixels {
        if ((long) height * width * channels != data.length) {
            throw new IllegalArgumentException("pixel data has " + data.length + " values, shape " + height + "x" + width
                    + "x" + channels + " needs " + (long) height * width * channels);
        }
    }
}
