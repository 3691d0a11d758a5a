package io.diffood.tools.fit;

import io.diffood.image.ImageConverter;
import io.diffood.image.ImageDecoder;
import io.diffood.model.ImageShape;
import io.diffood.tools.data.Dataset;
import io.diffood.tools.data.IdxImages;
import io.diffood.tools.data.IdxReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Labelled in-distribution images in the models' input shape ([0, 1], HWC): from an IDX image and label file pair
 * (a range of it), or from a folder with one sub-folder of PNG/JPEG images per class (classes in name order).
 */
public record TrainingImages(List<float[]> images, int[] labels, List<String> classNames, String description) {

    public int size() {
        return images.size();
    }

    /** Images {@code [from, to)} of an IDX pair; both files in the MNIST layout (.gz or not). */
    public static TrainingImages fromIdx(Path imageFile, Path labelFile, int from, int to, ImageShape shape)
            throws IOException {
        IdxImages idx = IdxReader.readImages(imageFile);
        byte[] labels = IdxReader.readLabels(labelFile);
        if (from < 0 || to > idx.count() || from >= to) {
            throw new IllegalArgumentException("range " + from + ".." + (to - 1) + " is outside 0.." + (idx.count() - 1));
        }
        if (idx.rows() != shape.height() || idx.cols() != shape.width() || shape.channels() != 1) {
            throw new IllegalArgumentException(imageFile + " holds " + idx.rows() + "x" + idx.cols()
                    + " grey images; the models take " + shape);
        }
        List<float[]> images = new ArrayList<>(to - from);
        int[] y = new int[to - from];
        for (int i = from; i < to; i++) {
            images.add(idx.unitFloats(i));
            y[i - from] = labels[i] & 0xff;
        }
        return new TrainingImages(images, y, List.of(), imageFile.getFileName() + " images " + from + ".." + (to - 1));
    }

    /** Images {@code indices} of a data set, in [0, 1]. */
    public static TrainingImages of(Dataset data, int[] indices, String part) {
        List<float[]> images = new ArrayList<>(indices.length);
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            images.add(data.floats(new int[] {indices[i]}, 0f, 1f));
            labels[i] = data.label(indices[i]);
        }
        return new TrainingImages(images, labels, data.classes(), data.source() + ", " + part + " (" + indices.length
                + " images)");
    }

    /** Every PNG/JPEG under {@code dir/<class>/}, decoded and converted as the function converts requests. */
    public static TrainingImages fromFolder(Path dir, ImageShape shape) throws IOException {
        List<Path> classes;
        try (Stream<Path> list = Files.list(dir)) {
            classes = list.filter(Files::isDirectory).sorted().toList();
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException(dir + " has no class sub-folders");
        }
        ImageDecoder decoder = new ImageDecoder(Long.MAX_VALUE);
        List<float[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            List<Path> files;
            try (Stream<Path> list = Files.list(classes.get(c))) {
                files = list.filter(TrainingImages::isImage).sorted().toList();
            }
            for (Path file : files) {
                images.add(ImageConverter.toModelInput(decoder.decode(Files.readAllBytes(file)), shape));
                labels.add(c);
            }
        }
        return new TrainingImages(images, labels.stream().mapToInt(Integer::intValue).toArray(),
                classes.stream().map(p -> p.getFileName().toString()).toList(), dir + " (" + images.size() + " images)");
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
    }
}
