package io.diffood.score.vectorization;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Codes stay in [-127, 127], depend on the direction only, and reproduce cosine similarities closely. */
class Int8QuantizerTest {

    @Test
    void codesAndScaleOfASmallVector() {
        byte[] codes = new byte[3];
        float scale = Int8Quantizer.quantizeDirection(new float[] {3f, -4f, 0f}, codes, 0);
        assertArrayEquals(new byte[] {95, -127, 0}, codes); // 127 * 3 / 4 = 95.25
        assertEquals(4.0 / (127 * 5), scale, 1e-9);
    }

    @Test
    void theDirectionOnlyMattersAndZeroStaysZero() {
        byte[] a = new byte[2];
        byte[] b = new byte[2];
        assertEquals(Int8Quantizer.quantizeDirection(new float[] {1f, 2f}, a, 0),
                Int8Quantizer.quantizeDirection(new float[] {4f, 8f}, b, 0), 1e-9);
        assertArrayEquals(a, b);
        byte[] zero = {9, 9};
        assertEquals(0f, Int8Quantizer.quantizeDirection(new float[] {0f, -0f}, zero, 0));
        assertArrayEquals(new byte[2], zero);
        assertThrows(IllegalArgumentException.class, () -> Int8Quantizer.quantizeDirection(new float[] {Float.NaN}, a, 0));
    }

    @Test
    void quantizedDotProductsApproximateCosineSimilarity() {
        Random random = new Random(4);
        int dim = 128;
        double worst = 0;
        for (int trial = 0; trial < 200; trial++) {
            float[] x = new float[dim];
            float[] y = new float[dim];
            for (int i = 0; i < dim; i++) {
                x[i] = (float) random.nextGaussian();
                y[i] = (float) (x[i] + 2 * random.nextGaussian());
            }
            byte[] qx = new byte[dim];
            byte[] qy = new byte[dim];
            float sx = Int8Quantizer.quantizeDirection(x, qx, 0);
            float sy = Int8Quantizer.quantizeDirection(y, qy, 0);
            int dot = 0;
            double xy = 0;
            double xx = 0;
            double yy = 0;
            for (int i = 0; i < dim; i++) {
                assertTrue(qx[i] != Byte.MIN_VALUE && qy[i] != Byte.MIN_VALUE);
                dot += qx[i] * qy[i];
                xy += x[i] * y[i];
                xx += x[i] * x[i];
                yy += y[i] * y[i];
            }
            worst = Math.max(worst, Math.abs((float) dot * sx * sy - xy / Math.sqrt(xx * yy)));
        }
        assertTrue(worst < 3e-3, "largest error " + worst);
    }
}
