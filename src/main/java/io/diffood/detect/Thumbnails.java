package io.diffood.detect;

import java.util.Arrays;

/** Small images of the first {@link #count()} bank rows, M x H x W x C bytes, for explaining neighbours. */
public record Thumbnails(int height, int width, int channels, byte[] pixels) {

    public Thumbnails {
        if (height < 1 || width < 1 || channels < 1 || pixels.length % ((long) height * width * channels) != 0) {
            throw new IllegalArgumentException(pixels.length + " bytes are no whole number of " + height + " x " + width
                    + " x " + channels + " images");
        }
        pixels = pixels.clone();
    }

    public int count() {
        return pixels.length / (height * width * channels);
    }

    /** The pixels of thumbnail {@code i}. */
    public byte[] thumbnail(int i) {
        int size = height * width * channels;
        return Arrays.copyOfRange(pixels, i * size, (i + 1) * size);
    }

    @Override
    public byte[] pixels() {
        return pixels.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Thumbnails other && height == other.height && width == other.width
                && channels == other.channels && Arrays.equals(pixels, other.pixels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(pixels) + height * 961 + width * 31 + channels;
    }

    @Override
    public String toString() {
        return "Thumbnails[" + count() + " x " + height + " x " + width + " x " + channels + "]";
    }
}
