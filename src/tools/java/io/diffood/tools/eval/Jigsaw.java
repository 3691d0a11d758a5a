package io.diffood.tools.eval;

import io.diffood.model.ImageShape;

import java.util.Random;

/** Cuts an image into a grid of tiles and puts the tiles back in a random order (never the original one). */
final class Jigsaw {

    private Jigsaw() {
    }

    /**
     * @param image HWC values in the models' shape
     * @param grid  tiles per side; the height and width must divide by it
     */
    static float[] shuffle(float[] image, ImageShape shape, int grid, Random random) {
        int th = shape.height() / grid;
        int tw = shape.width() / grid;
        int c = shape.channels();
        if (th * grid != shape.height() || tw * grid != shape.width()) {
            throw new IllegalArgumentException(shape + " does not divide into a " + grid + "x" + grid + " grid");
        }
        int tiles = grid * grid;
        int[] order = new int[tiles];
        boolean identity = true;
        while (identity) {
            for (int i = 0; i < tiles; i++) {
                order[i] = i;
            }
            for (int i = tiles - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            for (int i = 0; i < tiles && identity; i++) {
                identity = order[i] == i;
            }
        }
        float[] out = new float[image.length];
        for (int to = 0; to < tiles; to++) {
            int from = order[to];
            for (int y = 0; y < th; y++) {
                int src = (((from / grid) * th + y) * shape.width() + (from % grid) * tw) * c;
                int dst = (((to / grid) * th + y) * shape.width() + (to % grid) * tw) * c;
                System.arraycopy(image, src, out, dst, tw * c);
            }
        }
        return out;
    }
}
