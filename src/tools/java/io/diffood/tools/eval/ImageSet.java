package io.diffood.tools.eval;

import java.util.List;

/**
 * A sample of one data set, converted to the models' input (HWC floats in [0, 1]).
 *
 * @param name        short name used in file names and tables
 * @param description what the images are and how they were converted
 * @param available   images in the source, the sample was drawn from
 * @param ids         where each sampled image comes from (file entry or index), for audits
 * @param images      the converted images, in sample order (a random order: any prefix is itself a random sample)
 */
public record ImageSet(String name, String description, int available, List<String> ids, List<float[]> images) {

    public ImageSet {
        if (ids.size() != images.size()) {
            throw new IllegalArgumentException(ids.size() + " ids for " + images.size() + " images");
        }
        ids = List.copyOf(ids);
        images = List.copyOf(images);
    }

    public int size() {
        return images.size();
    }

    /** The first {@code n} images (all if fewer). */
    public ImageSet prefix(int n) {
        int k = Math.min(n, size());
        return new ImageSet(name, description, available, ids.subList(0, k), images.subList(0, k));
    }
}
