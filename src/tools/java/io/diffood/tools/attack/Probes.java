package io.diffood.tools.attack;

import java.util.ArrayList;
import java.util.List;

/**
 * How an averaging (EOT) attacker sends its queries: each image {@code eot} times, the copies after the first moved
 * imperceptibly when the noise is keyed to the pixels (else they would all get the same noise), the answers averaged.
 */
final class Probes {

    private static final float GREY_LEVEL = 1f / 255f;

    private Probes() {
    }

    /** Each image {@code eot} times in a row; with {@code jitter} the copies after the first {@link #jittered}. */
    static List<float[]> copies(List<float[]> images, int eot, boolean jitter) {
        List<float[]> sent = new ArrayList<>(images.size() * eot);
        for (float[] image : images) {
            for (int j = 0; j < eot; j++) {
                sent.add(j == 0 || !jitter ? image : jittered(image, j));
            }
        }
        return sent;
    }

    /** The mean of each image's {@code eot} consecutive answers. */
    static double[] averaged(double[] answers, int eot) {
        double[] scores = new double[answers.length / eot];
        for (int k = 0; k < answers.length; k++) {
            scores[k / eot] += answers[k] / eot;
        }
        return scores;
    }

    /** The image with one pixel moved by one grey level (which pixel depends on the copy). */
    private static float[] jittered(float[] image, int copy) {
        float[] copyOf = image.clone();
        int p = (int) ((copy * 7919L) % image.length);
        copyOf[p] = copyOf[p] <= 1f - GREY_LEVEL ? copyOf[p] + GREY_LEVEL : copyOf[p] - GREY_LEVEL;
        return copyOf;
    }
}
