package io.diffood.image;


import io.diffood.model.ImageShape;
import io.diffood.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageConverterTest {

    @Test
    void sameShapePassesThrough() {
        float[] data = {0.1f, 0.2f, 0.3f, 0.4f};
        assertArrayEquals(data, ImageConverter.toModelInput(new Pixels(2, 2, 1, data), new ImageShape(2, 2, 1)));
    }

    @Test
    void shrinkingAveragesAreas() {
        float[] data = {0f, 1f, 0f, 1f, 1f, 1f, 0f, 0f}; // 2 x 4 grey
        float[] out = ImageConverter.toModelInput(new Pixels(2, 4, 1, data), new ImageShape(1, 2, 1));
        assertArrayEquals(new float[] {0.75f, 0.25f}, out, 1e-6f);
        // 3 -> 2 covers fractional pixels: [0, 1.5) and [1.5, 3)
        float[] third = ImageConverter.toModelInput(new Pixels(1, 3, 1, new float[] {0f, 1f, 0.5f}), new ImageShape(1, 2, 1));
        assertArrayEquals(new float[] {1f / 3, 2f / 3}, third, 1e-6f);
    }

    @Test
    void enlargingInterpolatesAndKeepsConstants() {
        float[] out = ImageConverter.toModelInput(new Pixels(1, 2, 1, new float[] {0f, 1f}), new ImageShape(1, 4, 1));
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, out, 1e-6f);
        float[] flat = ImageConverter.toModelInput(new Pixels(3, 3, 1, filled(9, 0.4f)), new ImageShape(28, 28, 1));
        assertArrayEquals(filled(28 * 28, 0.4f), flat, 1e-6f);
    }

    @Test
    void colourBecomesLumaAndAlphaBlendsOverBlack() {
        float[] rgb = ImageConverter.toModelInput(new Pixels(1, 1, 3, new float[] {1f, 0f, 0f}), new ImageShape(1, 1, 1));
        assertEquals(0.299f, rgb[0], 1e-6f);
        float[] rgba = ImageConverter.toModelInput(new Pixels(1, 1, 4, new float[] {1f, 1f, 1f, 0.5f}), new ImageShape(1, 1, 1));
        assertEquals(0.5f, rgba[0], 1e-6f);
        float[] grey = ImageConverter.toModelInput(new Pixels(1, 1, 1, new float[] {0.3f}), new ImageShape(1, 1, 3));
        assertArrayEquals(new float[] {0.3f, 0.3f, 0.3f}, grey, 1e-6f);
    }

    @Test
    void greyPngKeepsItsExactValues() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(0, 0, 0, 128);
        img.getRaster().setSample(1, 0, 0, 255);
        Pixels p = new ImageDecoder(100).decode(TestImages.encode(img, "png"));
        assertArrayEquals(new float[] {128 / 255f, 1f}, p.data(), 1e-7f);
    }

    @Test
    void decoderRefusesOversizedImagesFromTheHeader() {
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> new ImageDecoder(100).decode(TestImages.square(11, 10, "png")));
        assertEquals(InvalidImageException.Problem.TOO_LARGE, e.problem());
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
