package io.diffood.model;

/** Height, width and channels of the images a model takes (NHWC layout). */
public record ImageShape(int height, int width, int channels) {

    public int size() {
        return height * width * channels;
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
