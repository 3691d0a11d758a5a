package io.diffood.fuzz;


import io.diffood.image.ImageConverter;
import io.diffood.image.ImageDecoder;
import io.diffood.image.InvalidImageException;
import io.diffood.image.Pixels;
import io.diffood.model.ImageShape;
import io.diffood.testing.TestImages;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Arrays;

/**
 * Property-based fuzzing of the image path: whatever the bytes (valid images with flipped, cut or inserted
 * bytes, or noise), decoding either gives pixels in [0, 1] that convert to the model shape, or an
 * InvalidImageException (a 4xx for the web layer); nothing else escapes. Bounded by tries so that CI time stays fixed.
 */
class ImageDecoderFuzzTest {

    private static final byte[][] SEEDS = {
            TestImages.square(28, 28, "png"), TestImages.square(33, 17, "jpeg"), TestImages.square(5, 9, "png")};
    private static final ImageDecoder DECODER = new ImageDecoder(1 << 20);

    @Property(tries = 1500, seed = "42")
    void mutatedImagesDecodeOrFailCleanly(@ForAll("mutatedImages") byte[] bytes) {
        decodeOrRefuse(bytes);
    }

    @Property(tries = 300, seed = "43")
    void randomBytesDecodeOrFailCleanly(@ForAll byte[] bytes) {
        decodeOrRefuse(bytes);
    }

    private static void decodeOrRefuse(byte[] bytes) {
        try {
            Pixels p = DECODER.decode(bytes);
            for (float v : p.data()) {
                if (!(v >= 0f && v <= 1f)) {
                    throw new AssertionError("decoded pixel out of [0, 1]: " + v);
                }
            }
            ImageConverter.toModelInput(p, new ImageShape(28, 28, 1));
        } catch (InvalidImageException e) {
            // the domain refusal: the web layer answers it with 400 or 413; any other exception fails the property
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedImages() {
        Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 4000);
        Arbitrary<Byte> value = Arbitraries.bytes();
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 3);
        return Combinators.combine(seed, position, value, kind, Arbitraries.integers().between(1, 8))
                .as((s, pos, v, k, count) -> mutate(s, pos % s.length, v, k, count));
    }

    /** Flips {@code count} bytes, truncates, inserts, or overwrites a run of header bytes. */
    private static byte[] mutate(byte[] seed, int pos, byte value, int kind, int count) {
        byte[] out = seed.clone();
        switch (kind) {
            case 0 -> {
                for (int i = 0; i < count; i++) {
                    out[(pos + i * 131) % out.length] ^= (byte) (value | 1);
                }
            }
            case 1 -> out = Arrays.copyOf(out, pos);
            case 2 -> {
                out = new byte[seed.length + count];
                System.arraycopy(seed, 0, out, 0, pos);
                Arrays.fill(out, pos, pos + count, value);
                System.arraycopy(seed, pos, out, pos + count, seed.length - pos);
            }
            default -> Arrays.fill(out, 8 + pos % 24, Math.min(out.length, 8 + pos % 24 + count), value);
        }
        return out;
    }
}
