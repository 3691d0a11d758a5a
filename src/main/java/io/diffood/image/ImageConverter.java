package io.diffood.image;

import io.diffood.image.InvalidImageException.Problem;
import io.diffood.model.ImageShape;

/**
 * Brings any image to the model's input shape. Channels: alpha is composited over black (the training images'
 * background); colour to grey uses ITU-R BT.601 luma (0.299 R + 0.587 G + 0.114 B); grey to colour repeats
 * the value. Size: each axis is resampled on its own, by area averaging when shrinking (no aliasing) and by
 * bilinear interpolation with pixel centres aligned when enlarging; the aspect ratio is not kept.
 */
public final class ImageConverter {

    private ImageConverter() {
    }

    public static float[] toModelInput(Pixels image, ImageShape target) {
        Pixels matched = matchChannels(image, target.channels());
        return resize(matched, target.height(), target.width());
    }

    static Pixels matchChannels(Pixels image, int channels) {
        int c = image.channels();
        if (c == channels) {
            return image;
        }
        if (channels != 1 && channels != 3) {
            throw new InvalidImageException(Problem.UNSUPPORTED_CHANNELS,
                        "the model takes " + channels
                    + " channels; only 1 (grey) and 3 (RGB) model inputs are converted to");
        }
        int pixels = image.height() * image.width();
        float[] src = image.data();
        float[] out = new float[pixels * channels];
        for (int p = 0; p < pixels; p++) {
            float r, g, b;
            switch (c) {
                case 1 -> r = g = b = src[p];
                case 2 -> r = g = b = src[2 * p] * src[2 * p + 1];
                case 3 -> { r = src[3 * p]; g = src[3 * p + 1]; b = src[3 * p + 2]; }
                case 4 -> {
                    float a = src[4 * p + 3];
                    r = src[4 * p] * a; g = src[4 * p + 1] * a; b = src[4 * p + 2] * a;
                }
                default -> throw new InvalidImageException(Problem.UNSUPPORTED_CHANNELS,
                        "images with " + c + " channels are not supported (1 to 4)");
            }
            if (channels == 1) {
                out[p] = 0.299f * r + 0.587f * g + 0.114f * b;
            } else {
                out[3 * p] = r;
                out[3 * p + 1] = g;
                out[3 * p + 2] = b;
            }
        }
        return new Pixels(image.height(), image.width(), channels, out);
    }

    static float[] resize(Pixels image, int height, int width) {
        if (image.height() == height && image.width() == width) {
            return image.data();
        }
        int c = image.channels();
        Weights rows = Weights.of(image.height(), height);
        Weights cols = Weights.of(image.width(), width);
        // columns first: the intermediate image is image.height x width
        float[] mid = new float[image.height() * width * c];
        for (int y = 0; y < image.height(); y++) {
            for (int ch = 0; ch < c; ch++) {
                cols.apply(image.data(), y * image.width() * c + ch, c, mid, y * width * c + ch, c);
            }
        }
        float[] out = new float[height * width * c];
        for (int x = 0; x < width; x++) {
            for (int ch = 0; ch < c; ch++) {
                rows.apply(mid, x * c + ch, width * c, out, x * c + ch, width * c);
            }
        }
        return out;
    }

    /** For each output index along one axis, the source indices and weights that make it. */
    private record Weights(int[][] index, float[][] weight) {

        static Weights of(int in, int out) {
            int[][] index = new int[out][];
            float[][] weight = new float[out][];
            double scale = (double) in / out;
            for (int o = 0; o < out; o++) {
                if (scale >= 1) { // area: the source interval [o*scale, (o+1)*scale)
                    double lo = o * scale;
                    double hi = lo + scale;
                    int first = (int) Math.floor(lo);
                    int last = Math.min(in - 1, (int) Math.ceil(hi) - 1);
                    index[o] = new int[last - first + 1];
                    weight[o] = new float[last - first + 1];
                    for (int s = first; s <= last; s++) {
                        double cover = Math.min(hi, s + 1) - Math.max(lo, s);
                        index[o][s - first] = s;
                        weight[o][s - first] = (float) (cover / scale);
                    }
                } else { // bilinear between the two nearest source centres
                    double pos = Math.max(0, (o + 0.5) * scale - 0.5);
                    int left = Math.min(in - 1, (int) Math.floor(pos));
                    int right = Math.min(in - 1, left + 1);
                    float frac = (float) (pos - left);
                    index[o] = new int[] {left, right};
                    weight[o] = new float[] {1f - frac, frac};
                }
            }
            return new Weights(index, weight);
        }

        /** Resamples one line: element i of src is src[srcOff + i * srcStride], likewise for dst. */
        void apply(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride) {
            for (int o = 0; o < index.length; o++) {
                for (int k = 0; k < index[o].length; k++) {
                    dst[dstOff + o * dstStride] += weight[o][k] * src[srcOff + index[o][k] * srcStride];
                }
            }
        }
    }
}
