package io.diffood.tools.attack;

/** What an attacker does to one query to get other noise from keyed seeds: change the image, imperceptibly. */
final class Probes {

    private static final float GREY_LEVEL = 1f / 255f;

    private Probes() {
    }

    /** The image with one pixel moved by one grey level (which pixel depends on the copy). */
    static float[] jittered(float[] image, int copy) {
        float[] copyOf = image.clone();
        int p = (int) ((copy * 7919L) % image.length);
        copyOf[p] = copyOf[p] <= 1f - GREY_LEVEL ? copyOf[p] + GREY_LEVEL : copyOf[p] - GREY_LEVEL;
        return copyOf;
    }
}
