package io.diffood.image;

import io.diffood.image.InvalidImageException.Problem;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * PNG and JPEG bytes to {@link Pixels}. The header is read first so that an image whose size is over the
 * pixel limit is refused before any pixel memory is allocated; a decoder warning (such as a truncated JPEG,
 * which ImageIO would otherwise fill with grey) is an error.
 */
public final class ImageDecoder {

    static {
        ImageIO.setUseCache(false); // decode in memory: no temporary file per request
    }

    private final long maxPixels;

    public ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public Pixels decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidImageException(Problem.EMPTY, "the image is empty");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(in);
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width * height > maxPixels) {
                    throw new InvalidImageException(Problem.TOO_LARGE, "the image is " + width + "x" + height
                            + " pixels; the limit is " + maxPixels + " pixels (diffood.limits.max-pixels)");
                }
                reader.addIIOReadWarningListener((source, warning) -> {
                    throw new InvalidImageException(Problem.CORRUPT, "the " + format(reader) + " image is damaged: " + warning);
                });
                return toPixels(reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (IIOException | IndexOutOfBoundsException | IllegalStateException e) {
            throw new InvalidImageException(Problem.CORRUPT, "the image cannot be decoded: " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidImageException(Problem.CORRUPT, "the image cannot be read: " + e.getMessage());
        }
    }

    private static ImageReader readerFor(ImageInputStream in) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            String format = format(reader);
            if (format.equals("png") || format.equals("jpeg")) {
                return reader;
            }
        }
        throw new InvalidImageException(Problem.NOT_AN_IMAGE, "the data is not a PNG or JPEG image");
    }

    private static String format(ImageReader reader) {
        try {
            return reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Reads samples from the raster where the colour model is a plain component one: getRGB would pass grey
     * values through a colour conversion and change them. Palette and packed images go through getRGB.
     */
    static Pixels toPixels(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        Raster raster = image.getRaster();
        if (image.getColorModel() instanceof ComponentColorModel) {
            int c = raster.getNumBands();
            float[] data = new float[h * w * c];
            for (int b = 0; b < c; b++) {
                float max = (float) ((1L << raster.getSampleModel().getSampleSize(b)) - 1);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        data[(y * w + x) * c + b] = raster.getSample(x, y, b) / max;
                    }
                }
            }
            return new Pixels(h, w, c, data);
        }
        boolean alpha = image.getColorModel().hasAlpha();
        int c = alpha ? 4 : 3;
        float[] data = new float[h * w * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                int i = (y * w + x) * c;
                data[i] = ((argb >> 16) & 0xff) / 255f;
                data[i + 1] = ((argb >> 8) & 0xff) / 255f;
                data[i + 2] = (argb & 0xff) / 255f;
                if (alpha) {
                    data[i + 3] = (argb >>> 24) / 255f;
                }
            }
        }
        return new Pixels(h, w, c, data);
    }
}
