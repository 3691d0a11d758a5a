package io.diffood.tools.eval;

import io.diffood.tools.data.FashionMnistSplit;
import io.diffood.tools.data.IdxImages;
import io.diffood.tools.data.LabeledImages;
import io.diffood.image.ImageConverter;
import io.diffood.image.ImageDecoder;
import io.diffood.image.Pixels;
import io.diffood.model.ImageShape;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The evaluation's data: Fashion-MNIST (in-distribution) test set and validation split, and the OOD sets of
 * {@code shared/datasets} plus two synthetic noise sets. Every image goes through {@link ImageConverter}, the
 * conversion the function applies to a request, so the models see what they would see in production.
 * Samples are drawn without replacement with a fixed seed, in random order.
 */
public final class OodDatasets {

    /** The OOD sets, in report order. */
    public static final List<String> OOD_SETS = List.of("mnist", "notmnist", "omniglot", "cifar10", "uniform-noise",
            "gaussian-noise");

    private static final long MAX_DECODED_PIXELS = 1 << 20;

    private final Path fashionMnist;
    private final Path shared;
    private final ImageShape shape;
    private final long seed;
    private final Split split;
    private final ImageDecoder decoder = new ImageDecoder(MAX_DECODED_PIXELS);

    /**
     * @param fashionMnist directory of the Fashion-MNIST IDX files (Debian: /usr/share/datasets/fashion-mnist)
     * @param shared       directory with mnist_test/, notmnist_test/, omniglot/, cifar10_test_jpg/
     * @param shape        the models' input shape
     * @param seed         sampling seed
     * @param split        which part of each OOD set's seeded order the samples take
     */
    public OodDatasets(Path fashionMnist, Path shared, ImageShape shape, long seed, Split split) {
        this.fashionMnist = fashionMnist;
        this.shared = shared;
        this.shape = shape;
        this.seed = seed;
        this.split = split;
    }

    public ImageSet fashionTest(int n) throws IOException {
        return idxTest("fashion-mnist-test", "Fashion-MNIST test set (in-distribution)", fashionMnist, n);
    }

    /** The validation split of {@link FashionMnistSplit}: train images the demo models never saw. */
    public ImageSet fashionValidation(int n) throws IOException {
        LabeledImages train = LabeledImages.load(fashionMnist, "train");
        int first = FashionMnistSplit.trainedOn(train);
        return idx("fashion-mnist-validation", "Fashion-MNIST train images " + first + ".." + (train.count() - 1)
                + " (held back from training and from the test set)", train.images(), first,
                FashionMnistSplit.VALIDATION_SIZE, "train#", n);
    }

    /** A seeded sample of the Fashion-MNIST train images the demo models were trained on (what an attacker may hold). */
    public ImageSet fashionTrain(int n) throws IOException {
        LabeledImages train = LabeledImages.load(fashionMnist, "train");
        int trained = FashionMnistSplit.trainedOn(train);
        return idx("fashion-mnist-train", "Fashion-MNIST train images 0.." + (trained - 1), train.images(), 0, trained,
                "train#", n);
    }

    public ImageSet ood(String name, int n) throws IOException {
        ImageSet set = oodSample(name, n);
        return split == Split.TEST ? set : new ImageSet(set.name(), set.description()
                + "; validation split (tail of the seeded order, disjoint from the test sample)", set.available(),
                set.ids(), set.images());
    }

    private ImageSet oodSample(String name, int n) throws IOException {
        return switch (name) {
            case "mnist" -> idxTest(name, "MNIST test set (handwritten digits)", shared.resolve("mnist_test"), n);
            case "notmnist" -> idxTest(name, "notMNIST letters A-J (10,000-image IDX sample of notMNIST_small)",
                    shared.resolve("notmnist_test"), n);
            case "omniglot" -> encoded(name, "Omniglot background-small-1 and one-shot runs, 105x105 1-bit PNG, "
                    + "inverted to white strokes on black, area-averaged to the model size",
                    zipEntries(shared.resolve("omniglot/images_background_small1.zip"),
                            shared.resolve("omniglot/all_runs.zip")), true, n);
            case "cifar10" -> encoded(name, "CIFAR-10 test set (JPEG re-encoding), 32x32 RGB to BT.601 grey, "
                    + "area-averaged to the model size", tarEntries(shared.resolve("cifar10_test_jpg/cifar10-test-jpg.tar.gz")),
                    false, n);
            case "uniform-noise" -> noise(name, "uniform noise U[0,1] per pixel", false, n);
            case "gaussian-noise" -> noise(name, "Gaussian noise N(0.5, 0.25^2) per pixel, clipped to [0,1]", true, n);
            default -> throw new IllegalArgumentException("unknown OOD set '" + name + "'; known: " + OOD_SETS);
        };
    }

    /**
     * Which images of each set a sample takes. Every set has one seeded random order: the test sample is its
     * head, the validation sample its tail, so the two never share an image while their sizes add up to at most
     * the set's size. In-distribution validation images are {@link #fashionValidation}, not Fashion-MNIST test.
     */
    public enum Split {
        TEST, VALIDATION
    }

    /** {@code n} distinct indices of {@code 0..available-1} (all if n >= available), from the split's end of the order. */
    static int[] sample(int available, int n, Random random, Split split) {
        int[] order = new int[available];
        for (int i = 0; i < available; i++) {
            order[i] = i;
        }
        for (int i = 0; i < available - 1; i++) { // Fisher-Yates from the front: a head does not depend on n
            int j = i + random.nextInt(available - i);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        int k = Math.min(n, available);
        int[] picked = new int[k];
        for (int i = 0; i < k; i++) {
            picked[i] = split == Split.TEST ? order[i] : order[available - 1 - i];
        }
        return picked;
    }

    /** A generator per set, so that a set's sample does not depend on which other sets were drawn. */
    private Random random(String name) {
        return new Random(seed * 1_000_003L + name.hashCode());
    }

    private int[] sample(int available, String name, int n) {
        return sample(available, n, random(name), split);
    }

    private ImageSet idxTest(String name, String description, Path dir, int n) throws IOException {
        IdxImages images = LabeledImages.load(dir, "t10k").images();
        return idx(name, description, images, 0, images.count(), "t10k#", n);
    }

    private ImageSet idx(String name, String description, IdxImages images, int first, int count, String idPrefix, int n) {
        List<String> ids = new ArrayList<>();
        List<float[]> out = new ArrayList<>();
        for (int i : sample(count, name, n)) {
            int index = first + i;
            ids.add(idPrefix + index);
            out.add(ImageConverter.toModelInput(new Pixels(images.rows(), images.cols(), 1, images.unitFloats(index)), shape));
        }
        return new ImageSet(name, description, count, ids, out);
    }

    /** PNG/JPEG files by name (sorted, so that the sample does not depend on archive order). */
    private ImageSet encoded(String name, String description, Map<String, byte[]> files, boolean invert, int n) {
        List<String> names = new ArrayList<>(files.keySet());
        List<String> ids = new ArrayList<>();
        List<float[]> out = new ArrayList<>();
        for (int i : sample(names.size(), name, n)) {
            Pixels pixels = decoder.decode(files.get(names.get(i)));
            if (invert) {
                float[] data = pixels.data().clone();
                for (int p = 0; p < data.length; p++) {
                    data[p] = 1f - data[p];
                }
                pixels = new Pixels(pixels.height(), pixels.width(), pixels.channels(), data);
            }
            ids.add(names.get(i));
            out.add(ImageConverter.toModelInput(pixels, shape));
        }
        return new ImageSet(name, description, names.size(), ids, out);
    }

    private ImageSet noise(String name, String description, boolean gaussian, int n) {
        Random random = random(split == Split.TEST ? name : name + "#validation");
        List<String> ids = new ArrayList<>();
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] image = new float[shape.size()];
            for (int p = 0; p < image.length; p++) {
                double v = gaussian ? 0.5 + 0.25 * random.nextGaussian() : random.nextDouble();
                image[p] = (float) Math.min(1, Math.max(0, v));
            }
            ids.add(name + "#" + i);
            out.add(image);
        }
        return new ImageSet(name, description, n, ids, out);
    }

    private static Map<String, byte[]> zipEntries(Path... zips) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (Path zip : zips) {
            try (ZipFile file = new ZipFile(zip.toFile())) {
                Enumeration<? extends ZipEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    if (entry.getName().endsWith(".png")) {
                        try (InputStream in = file.getInputStream(entry)) {
                            files.put(zip.getFileName() + "/" + entry.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        return files;
    }

    private static Map<String, byte[]> tarEntries(Path tarGz) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarGz)), 1 << 16))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile() && entry.getName().endsWith(".jpg")) {
                    files.put(entry.getName(), tar.readAllBytes());
                }
            }
        }
        return files;
    }
}
