package io.diffood.tools.data;

import io.diffood.image.ImageConverter;
import io.diffood.image.ImageDecoder;
import io.diffood.image.InvalidImageException;
import io.diffood.image.Pixels;
import io.diffood.model.ImageShape;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Labelled images at one shape, HWC, one unsigned byte per value (0..255 for [0, 1]): what {@code train} and
 * {@code fit} learn from. From IDX files, or from a folder or {@code .tar.gz} with one sub-folder per class, each
 * image brought to the shape by the function's own {@link ImageConverter}, so that training and serving see the
 * same pixels (to the nearest 1/255 where an image is resized).
 *
 * @param report what was read: source shapes, skipped files (for the model card and the console)
 */
public record Dataset(ImageShape shape, byte[] pixels, int[] labels, List<String> classes, String source,
        String sha256, Map<String, Object> report) {

    private static final int LISTED_SKIPS = 5;

    public int count() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    /** Value {@code p} (HWC order) of image {@code i}, 0..255. */
    public int value(int i, int p) {
        return pixels[i * shape.size() + p] & 0xff;
    }

    /** Images {@code indices}, values mapped linearly from 0..255 to [lo, hi]. */
    public float[] floats(int[] indices, float lo, float hi) {
        int size = shape.size();
        float[] out = new float[indices.length * size];
        for (int i = 0; i < indices.length; i++) {
            for (int p = 0; p < size; p++) {
                out[i * size + p] = lo + (hi - lo) * value(indices[i], p) / 255f;
            }
        }
        return out;
    }

    /** n images from {@code start}. */
    public float[] floats(int start, int n, float lo, float hi) {
        return floats(IntStream.range(start, start + n).toArray(), lo, hi);
    }

    /** Image {@code i} as a grey or RGB picture, for example images and sheets. */
    public BufferedImage image(int i) {
        int c = shape.channels();
        BufferedImage img = new BufferedImage(shape.width(), shape.height(),
                c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                int p = (y * shape.width() + x) * c;
                int rgb = c == 1 ? value(i, p) * 0x010101 : value(i, p) << 16 | value(i, p + 1) << 8 | value(i, p + 2);
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    public Dataset subset(int[] indices) {
        int size = shape.size();
        byte[] p = new byte[indices.length * size];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * size, p, i * size, size);
            y[i] = labels[indices[i]];
        }
        return new Dataset(shape, p, y, classes, source, sha256, report);
    }

    /**
     * A folder, a {@code .tar.gz}, or a folder of IDX files ({@code <split>-images-idx3-ubyte.gz} beside its labels).
     *
     * @param shape the target shape, or null for the most common one among the images
     * @param idxSplit the IDX split to read ({@code train}, {@code t10k}) when the source holds IDX files
     * @param idxClasses class names of IDX labels (IDX files carry none), or null for "0".."9"
     */
    public static Dataset read(Path source, ImageShape shape, String idxSplit, List<String> idxClasses)
            throws IOException {
        if (holdsIdx(source, idxSplit)) {
            return fromIdx(LabeledImages.load(source, idxSplit), shape, idxClasses);
        }
        return fromFiles(ImageFiles.read(source), shape);
    }

    /** Whether the source is a folder of IDX files with this split ({@code train}, {@code t10k}). */
    public static boolean holdsIdx(Path source, String split) {
        return Files.isDirectory(source) && Files.exists(source.resolve(split + "-images-idx3-ubyte.gz"));
    }

    static Dataset fromIdx(LabeledImages idx, ImageShape shape, List<String> classes) throws IOException {
        IdxImages images = idx.images();
        ImageShape own = new ImageShape(images.rows(), images.cols(), 1);
        if (shape != null && !shape.equals(own)) {
            throw new DataException(idx.files().get(0) + " holds " + own + " images; converting IDX images to "
                    + shape + " is not supported (use an image folder)");
        }
        int max = 0;
        for (byte b : idx.labels()) {
            max = Math.max(max, b & 0xff);
        }
        List<String> names = classes != null ? classes
                : IntStream.rangeClosed(0, max).mapToObj(Integer::toString).toList();
        if (names.size() <= max) {
            throw new DataException(idx.files().get(1) + " has labels up to " + max + " but " + names.size()
                    + " class names were given");
        }
        int[] labels = new int[idx.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = idx.label(i);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("sourceShapes", Map.of(own.toString(), idx.count()));
        return new Dataset(own, images.pixels(), labels, names, idx.files().get(0).toString(),
                Sha256.of(idx.files().get(0)) + "+" + Sha256.of(idx.files().get(1)), report);
    }

    /**
     * One class per sub-folder of the images' common folder, in name order. Files that are not PNG/JPEG by name and
     * images that do not decode are skipped and counted; a class folder without images, a single class, or images
     * outside class folders only are refused.
     */
    static Dataset fromFiles(ImageFiles files, ImageShape shape) {
        if (files.images().isEmpty()) {
            throw new DataException(files.source() + " has no PNG or JPEG images"
                    + (files.otherFiles().isEmpty() ? "" : " (" + files.otherFiles().size() + " other files)"));
        }
        String root = commonFolder(files.images().stream().map(ImageFiles.Entry::path).toList());
        List<String> classes = files.folders().stream()
                .filter(f -> isChild(root, f))
                .map(f -> f.substring(root.isEmpty() ? 0 : root.length() + 1))
                .sorted().toList();
        if (classes.isEmpty()) {
            String where = root.isEmpty() ? files.source() : files.source() + "/" + root;
            throw new DataException("all images sit directly in " + where + ": one class only ("
                    + (root.isEmpty() ? "no class folder" : lastName(root)) + "); a classifier needs at least two class"
                    + " sub-folders");
        }
        Map<String, Integer> classIndex = new TreeMap<>();
        for (int c = 0; c < classes.size(); c++) {
            classIndex.put(classes.get(c), c);
        }
        ImageDecoder decoder = new ImageDecoder(Long.MAX_VALUE);
        List<ImageFiles.Entry> entries = files.images();
        Pixels[] decoded = new Pixels[entries.size()];
        String[] failures = new String[entries.size()];
        IntStream.range(0, entries.size()).parallel().forEach(i -> {
            try {
                decoded[i] = decoder.decode(entries.get(i).bytes());
            } catch (InvalidImageException e) {
                failures[i] = entries.get(i).path() + ": " + e.getMessage();
            }
        });
        List<String> undecodable = Arrays.stream(failures).filter(f -> f != null).toList();
        List<String> outsideClasses = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        int[] perClass = new int[classes.size()];
        int[] labelOf = new int[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            String rest = root.isEmpty() ? entries.get(i).path() : entries.get(i).path().substring(root.length() + 1);
            int slash = rest.indexOf('/');
            if (slash < 0) {
                outsideClasses.add(entries.get(i).path());
                continue;
            }
            if (decoded[i] == null) {
                continue;
            }
            labelOf[i] = classIndex.get(rest.substring(0, slash));
            perClass[labelOf[i]]++;
            kept.add(i);
        }
        List<String> empty = IntStream.range(0, classes.size()).filter(c -> perClass[c] == 0)
                .mapToObj(classes::get).toList();
        if (!empty.isEmpty()) {
            throw new DataException("class folder" + (empty.size() > 1 ? "s " : " ") + String.join(", ", empty)
                    + " in " + files.source() + " hold" + (empty.size() > 1 ? "" : "s")
                    + " no readable PNG/JPEG image; remove the folder or add images"
                    + (undecodable.isEmpty() ? "" : " (undecodable: " + first(undecodable) + ")"));
        }
        Map<String, Long> sourceShapes = kept.stream().map(i -> decoded[i])
                .collect(Collectors.groupingBy(p -> p.height() + "x" + p.width() + "x" + p.channels(), TreeMap::new,
                        Collectors.counting()));
        ImageShape target = shape != null ? shape : mostCommon(kept.stream().map(i -> decoded[i]).toList());
        int size = target.size();
        byte[] pixels = new byte[kept.size() * size];
        int[] labels = new int[kept.size()];
        IntStream.range(0, kept.size()).parallel().forEach(k -> {
            float[] v = ImageConverter.toModelInput(decoded[kept.get(k)], target);
            for (int p = 0; p < size; p++) {
                pixels[k * size + p] = (byte) Math.round(Math.max(0f, Math.min(1f, v[p])) * 255f);
            }
            labels[k] = labelOf[kept.get(k)];
        });
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("sourceShapes", sourceShapes);
        report.put("imagesPerClass", IntStream.range(0, classes.size()).boxed()
                .collect(Collectors.toMap(classes::get, c -> perClass[c], (a, b) -> a, LinkedHashMap::new)));
        skipped(report, "skippedNotImages", files.otherFiles());
        skipped(report, "skippedUndecodable", undecodable);
        skipped(report, "skippedOutsideClassFolders", outsideClasses);
        return new Dataset(target, pixels, labels, classes, files.source(), files.sha256(), report);
    }

    /** What was skipped, as a count and the first few names; also said on the console. */
    private static void skipped(Map<String, Object> report, String key, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        report.put(key, Map.of("count", names.size(), "first", names.subList(0, Math.min(LISTED_SKIPS, names.size()))));
        System.err.printf("%s: %d (%s)%n", key, names.size(), first(names));
    }

    private static String first(List<String> names) {
        return String.join("; ", names.subList(0, Math.min(LISTED_SKIPS, names.size())))
                + (names.size() > LISTED_SKIPS ? "; ..." : "");
    }

    /** The most common height and width, with 3 channels if that size is mostly colour, else 1. */
    private static ImageShape mostCommon(List<Pixels> images) {
        Map<String, Long> sizes = images.stream()
                .collect(Collectors.groupingBy(p -> p.height() + "x" + p.width(), Collectors.counting()));
        String size = sizes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        long colour = images.stream().filter(p -> (p.height() + "x" + p.width()).equals(size) && p.channels() >= 3)
                .count();
        String[] hw = size.split("x");
        return new ImageShape(Integer.parseInt(hw[0]), Integer.parseInt(hw[1]),
                2 * colour >= sizes.get(size) ? 3 : 1);
    }

    /** The longest folder path that contains every file. */
    static String commonFolder(List<String> paths) {
        Function<String, String> parent = p -> p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "";
        String common = parent.apply(paths.get(0));
        for (String p : paths) {
            while (!common.isEmpty() && !(p.startsWith(common + "/"))) {
                common = parent.apply(common);
            }
        }
        return common;
    }

    private static boolean isChild(String root, String folder) {
        String rest;
        if (root.isEmpty()) {
            rest = folder;
        } else if (folder.startsWith(root + "/")) {
            rest = folder.substring(root.length() + 1);
        } else {
            return false;
        }
        return !rest.isEmpty() && !rest.contains("/");
    }

    private static String lastName(String folder) {
        return folder.substring(folder.lastIndexOf('/') + 1);
    }
}
