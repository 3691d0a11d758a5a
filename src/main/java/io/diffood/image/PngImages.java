package io.diffood.image;

import io.diffood.model.ImageShape;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Model-sized images back to PNG bytes, for explanations: grey or RGB as the model sees them, and heat maps. */
public final class PngImages {

    private PngImages() {
    }

    /** An image in [0, 1], HWC with 1 or 3 channels. */
    public static byte[] encode(float[] hwc, ImageShape shape) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        BufferedImage image = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * c;
                if (c == 1) {
                    image.getRaster().setSample(x, y, 0, byteOf(hwc[p]));
                } else {
                    image.setRGB(x, y, byteOf(hwc[p]) << 16 | byteOf(hwc[p + 1]) << 8 | byteOf(hwc[p + 2]));
                }
            }
        }
        return png(image);
    }

    /**
     * |a - b| per pixel (mean over channels) as a black-red-yellow-white heat map, scaled so that the largest change
     * (at least 0.1, so that noise-level changes stay dark) is white.
     */
    public static byte[] changeMap(float[] a, float[] b, ImageShape shape) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        float[] change = new float[h * w];
        float max = 0.1f;
        for (int p = 0; p < h * w; p++) {
            float sum = 0;
            for (int k = 0; k < c; k++) {
                sum += Math.abs(a[p * c + k] - b[p * c + k]);
            }
            change[p] = sum / c;
            max = Math.max(max, change[p]);
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < h * w; p++) {
            float v = change[p] / max; // 0..1 through black, red, yellow, white
            int r = byteOf(3 * v);
            int g = byteOf(3 * v - 1);
            int bl = byteOf(3 * v - 2);
            image.setRGB(p % w, p / w, r << 16 | g << 8 | bl);
        }
        return png(image);
    }

    /** 8-bit HWC pixels (e.g. a bundle's thumbnails). */
    public static byte[] encode(byte[] pixels, ImageShape shape) {
        float[] unit = new float[shape.size()];
        for (int i = 0; i < unit.length; i++) {
            unit[i] = (pixels[i] & 0xff) / 255f;
        }
        return encode(unit, shape);
    }

    private static int byteOf(float v) {
        return Math.round(Math.min(1f, Math.max(0f, v)) * 255f);
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }
}
