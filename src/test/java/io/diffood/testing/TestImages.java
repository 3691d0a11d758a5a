package io.diffood.testing;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Small encoded images for API tests. */
public final class TestImages {

    private TestImages() {
    }

    /** A grey square on black, w x h, encoded as png or jpeg. */
    public static byte[] square(int w, int h, String format) {
        BufferedImage img = new BufferedImage(w, h, format.equals("png") ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(200, 180, 160));
        g.fillRect(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        return encode(img, format);
    }

    public static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
