package io.diffood.tools.data;

/**
 * Grey-scale images of an IDX file, row-major, one unsigned byte per pixel.
 *
 * @param count number of images
 * @param rows image height
 * @param cols image width
 * @param pixels {@code count * rows * cols} bytes, image after image
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    public int pixelsPerImage() {
        return rows * cols;
    }

    /** Image {@code i} as grey values in [0, 1], row-major: the models' input range. */
    public float[] unitFloats(int i) {
        float[] grey = new float[pixelsPerImage()];
        for (int p = 0; p < grey.length; p++) {
            grey[p] = pixel(i, p) / 255f;
        }
        return grey;
    }

    /** Pixel {@code p} of image {@code i} as 0..255. */
    public int pixel(int i, int p) {
        return pixels[i * pixelsPerImage() + p] & 0xff;
    }
}
