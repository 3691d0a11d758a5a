package io.diffood.score.vectorization;

import java.util.Arrays;

/**
 * Symmetric per-vector int8 quantization of a direction: codes q_i = round(127 v_i / max|v|) in [-127, 127] and a
 * scale s = max|v| / (127 ||v||), so that v / ||v|| ~ s q. The dot product of two coded vectors times both scales
 * is their cosine similarity up to the rounding of the codes (about 1e-3 for 128 dimensions).
 */
public final class Int8Quantizer {

    private Int8Quantizer() {
    }

    /**
     * Writes the codes of the direction of {@code v} to {@code codes[offset, offset + v.length)} and returns its
     * scale. A zero vector gets zero codes and scale 0, so its similarity to everything is 0.
     */
    public static float quantizeDirection(float[] v, byte[] codes, int offset) {
        double maxAbs = 0;
        double squares = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("feature value " + x + " is not finite");
            }
            maxAbs = Math.max(maxAbs, Math.abs(x));
            squares += (double) x * x;
        }
        if (maxAbs == 0) {
            Arrays.fill(codes, offset, offset + v.length, (byte) 0);
            return 0f;
        }
        double toCode = 127 / maxAbs;
        for (int i = 0; i < v.length; i++) {
            codes[offset + i] = (byte) Math.max(-127, Math.min(127, Math.round(v[i] * toCode)));
        }
        return (float) (maxAbs / (127 * Math.sqrt(squares)));
    }
}
