package io.diffood.image;

import io.diffood.detect.Thumbnails;
import io.diffood.model.ImageShape;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Explanation images of 3-channel models stay in colour: denoised images, thumbnails and change maps. */
class PngImagesTest {

    private static final ImageShape RGB = new ImageShape(2, 3, 3);

    @Test
    void aColourImageKeepsItsColours() throws IOException {
        float[] hwc = new float[RGB.size()];
        pixel(hwc, 0, 0, 1f, 0f, 0f);
        pixel(hwc, 0, 1, 0f, 1f, 0f);
        pixel(hwc, 0, 2, 0f, 0f, 1f);
        pixel(hwc, 1, 0, 1f, 1f, 0f);
        pixel(hwc, 1, 1, 0.5f, 0.25f, 0.75f);
        pixel(hwc, 1, 2, 2f, -1f, 0f); // out of range: clipped
        BufferedImage png = decode(PngImages.encode(hwc, RGB));
        assertEquals(3, png.getWidth());
        assertEquals(2, png.getHeight());
        assertEquals(3, png.getColorModel().getNumColorComponents(), "an RGB PNG, not a grey one");
        assertEquals(0xff0000, rgb(png, 0, 0));
        assertEquals(0x00ff00, rgb(png, 0, 1));
        assertEquals(0x0000ff, rgb(png, 0, 2));
        assertEquals(0xffff00, rgb(png, 1, 0));
        assertEquals(128 << 16 | 64 << 8 | 191, rgb(png, 1, 1));
        assertEquals(0xff0000, rgb(png, 1, 2));
    }

    @Test
    void aColourThumbnailKeepsItsColours() throws IOException {
        byte[] two = {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255, 10, 20, 30, // thumbnail 0: 2 x 2
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}; // thumbnail 1
        Thumbnails thumbnails = new Thumbnails(2, 2, 3, two);
        BufferedImage png = decode(PngImages.encode(thumbnails.thumbnail(0), new ImageShape(2, 2, 3)));
        assertEquals(0xff0000, rgb(png, 0, 0));
        assertEquals(0x00ff00, rgb(png, 0, 1));
        assertEquals(0x0000ff, rgb(png, 1, 0));
        assertEquals(10 << 16 | 20 << 8 | 30, rgb(png, 1, 1));
        assertEquals(10 << 16 | 11 << 8 | 12, rgb(decode(PngImages.encode(thumbnails.thumbnail(1),
                new ImageShape(2, 2, 3))), 1, 1));
    }

    @Test
    void aColourChangeMapAveragesTheChannels() throws IOException {
        float[] before = new float[RGB.size()];
        float[] after = new float[RGB.size()];
        pixel(after, 0, 0, 1f, 1f, 1f); // every channel changed fully: the largest change, white
        pixel(after, 0, 1, 1f, 0f, 0f); // one channel of three: a third of it, dark red
        pixel(after, 1, 2, 0f, 0f, 0.02f); // noise level: nearly black
        BufferedImage map = decode(PngImages.changeMap(after, before, RGB));
        assertEquals(3, map.getWidth());
        assertEquals(2, map.getHeight());
        assertEquals(0xffffff, rgb(map, 0, 0));
        assertEquals(0xff0000, rgb(map, 0, 1), "1/3 of the way: full red, no green yet");
        assertEquals(0x000000, rgb(map, 1, 0));
        assertEquals(5 << 16, rgb(map, 1, 2));
    }

    private static void pixel(float[] hwc, int y, int x, float r, float g, float b) {
        int p = (y * RGB.width() + x) * 3;
        hwc[p] = r;
        hwc[p + 1] = g;
        hwc[p + 2] = b;
    }

    private static int rgb(BufferedImage image, int y, int x) {
        return image.getRGB(x, y) & 0xffffff;
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }
}
