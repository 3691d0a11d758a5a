package io.diffood.tools.eval;

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
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The evaluation's data: the in-distribution test and validation samples ({@link InDistribution}: the demo's
 * Fashion-MNIST, or a model set's own data), and the OOD sets of {@code shared/datasets} plus synthetic ones. Every
 * image goes through {@link ImageConverter}, the conversion the function applies to a request, so the models see what
 * they would see in production. Samples are drawn without replacement with a fixed seed, in random order.
 */
public final class OodDatasets {

    /** The demo's OOD sets (Fashion-MNIST in distribution), in report order. */
    public static final List<String> OOD_SETS = List.of("mnist", "notmnist", "omniglot", "cifar10", "uniform-noise",
            "gaussian-noise");

    /**
     * The OOD sets of a model set trained on its own data, in report order: the far sets, then the near one; cifar10
     * only where CIFAR-10 is not the in-distribution data.
     */
    public static final List<String> OWN_DATA_SETS = List.of("textures", "mnist", "notmnist", "omniglot", "cifar10",
            "uniform-noise", "gaussian-noise", "jigsaw");

    private static final long MAX_DECODED_PIXELS = 1 << 20;

    private final InDistribution inDistribution;
    private final Path shared;
    private final ImageShape shape;
    private final long seed;
    private final Split split;
    private final ImageDecoder decoder = new ImageDecoder(MAX_DECODED_PIXELS);

    /** The demo's: Fashion-MNIST from its IDX directory (Debian: /usr/share/datasets/fashion-mnist). */
    public OodDatasets(Path fashionMnist, Path shared, ImageShape shape, long seed, Split split) {
        this(InDistribution.fashionMnist(fashionMnist), shared, shape, seed, split);
    }

    /**
     * @param shared directory with mnist_test/, notmnist_test/, omniglot/, cifar10_test_jpg/, textures_dtd/
     * @param shape  the models' input shape
     * @param seed   sampling seed
     * @param split  which part of each OOD set's seeded order the samples take
     */
    public OodDatasets(InDistribution inDistribution, Path shared, ImageShape shape, long seed, Split split) {
        this.inDistribution = inDistribution;
        this.shared = shared;
        this.shape = shape;
        this.seed = seed;
        this.split = split;
    }

    public InDistribution inDistribution() {
        return inDistribution;
    }

    /** The OOD sets a report shows when none are named: the demo's list, or the one for a model set's own data. */
    public List<String> defaultSets() {
        if (inDistribution instanceof InDistribution.FashionMnist) {
            return OOD_SETS;
        }
        return OWN_DATA_SETS.stream().filter(s -> !s.equals("cifar10") || !isCifar10()).toList();
    }

    /** In-distribution images of the split: test images, or held-out validation images. */
    public ImageSet inDistribution(int n) throws IOException {
        return split == Split.TEST ? inDistributionTest(n) : inDistributionValidation(n);
    }

    public ImageSet inDistributionTest(int n) throws IOException {
        return take(inDistribution.test(), n, split, n);
    }

    /** Held-out images of the training source: never trained on, not test images. */
    public ImageSet inDistributionValidation(int n) throws IOException {
        return take(inDistribution.validation(), n, split, n);
    }

    /** A seeded sample of the images the models were trained on (what an attacker may hold). */
    public ImageSet inDistributionTrained(int n) throws IOException {
        return take(inDistribution.trained(), n, split, n);
    }

    public ImageSet ood(String name, int n) throws IOException {
        ImageSet set = oodSample(name, n);
        return split == Split.TEST || name.equals("jigsaw") ? set : new ImageSet(set.name(), set.description()
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
            case "cifar10" -> {
                if (isCifar10()) {
                    throw new IllegalArgumentException("cifar10 is this model set's in-distribution data, not an OOD "
                            + "set; the sets for it: " + defaultSets());
                }
                yield encoded(name, "CIFAR-10 test set (JPEG re-encoding), 32x32 RGB to BT.601 grey, "
                        + "area-averaged to the model size", tarEntries(shared.resolve(
                                "cifar10_test_jpg/cifar10-test-jpg.tar.gz")), false, n);
            }
            case "textures" -> encoded(name, "Describable Textures (DTD) original photos, 5 classes x 120, 271 to "
                    + "900 px a side, brought to the model size by the function's conversion",
                    tarEntries(archives(shared.resolve("textures_dtd"))), false, n);
            case "jigsaw" -> jigsaw(n);
            case "uniform-noise" -> noise(name, "uniform noise U[0,1] per pixel", false, n);
            case "gaussian-noise" -> noise(name, "Gaussian noise N(0.5, 0.25^2) per pixel, clipped to [0,1]", true, n);
            default -> throw new IllegalArgumentException("unknown OOD set '" + name + "'; known: " + OWN_DATA_SETS);
        };
    }

    private boolean isCifar10() {
        return InDistribution.CIFAR10_CLASSES.equals(inDistribution.classes());
    }

    /**
     * Which images of each set a sample takes. Every set has one seeded random order: the test sample is its
     * head, the validation sample its tail, so the two never share an image while their sizes add up to at most
     * the set's size. In-distribution validation images are {@link #inDistributionValidation}, not test images.
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

    private ImageSet idxTest(String name, String description, Path dir, int n) throws IOException {
        IdxImages images = LabeledImages.load(dir, "t10k").images();
        return take(new InDistribution.Part(name, description, images.count(),
                i -> new Pixels(images.rows(), images.cols(), 1, images.unitFloats(i)), i -> "t10k#" + i), n, split,
                n);
    }

    /** PNG/JPEG files by name (sorted, so that the sample does not depend on archive order). */
    private ImageSet encoded(String name, String description, Map<String, byte[]> files, boolean invert, int n) {
        List<String> names = new ArrayList<>(files.keySet());
        return take(new InDistribution.Part(name, description, names.size(), i -> {
            Pixels pixels = decoder.decode(files.get(names.get(i)));
            if (!invert) {
                return pixels;
            }
            float[] data = pixels.data().clone();
            for (int p = 0; p < data.length; p++) {
                data[p] = 1f - data[p];
            }
            return new Pixels(pixels.height(), pixels.width(), pixels.channels(), data);
        }, names::get), n, split, (names.size() + 1) / 2);
    }

    /**
     * {@code n} images of a part in the models' shape, from the {@code end}'s end of the part's seeded order, at most
     * {@code max} (an OOD set's split takes at most half of a set, so that the test and validation samples never
     * share an image).
     */
    private ImageSet take(InDistribution.Part part, int n, Split end, int max) {
        List<String> ids = new ArrayList<>();
        List<float[]> out = new ArrayList<>();
        for (int i : sample(part.count(), Math.min(n, max), random(part.name()), end)) {
            ids.add(part.id().apply(i));
            out.add(ImageConverter.toModelInput(part.pixels().apply(i), shape));
        }
        return new ImageSet(part.name(), part.description(), part.count(), ids, out);
    }

    /**
     * Near-OOD from the in-distribution data itself: images of the split's in-distribution part (test images for
     * the test split, held-out training images for the validation split) from the other end of that sample's seeded
     * order, so never an image of the in-distribution sample, cut into a 4x4 grid of tiles (2x2 where the size does
     * not divide by 4) and shuffled: the same colours, tiles of the same local texture, no object.
     */
    private ImageSet jigsaw(int n) throws IOException {
        InDistribution.Part part = split == Split.TEST ? inDistribution.test() : inDistribution.validation();
        int grid = shape.height() % 4 == 0 && shape.width() % 4 == 0 ? 4 : 2;
        ImageSet source = take(part, n, split == Split.TEST ? Split.VALIDATION : Split.TEST,
                part.count() - Math.min(n, part.count()));
        Random random = random("jigsaw");
        List<float[]> shuffled = new ArrayList<>();
        for (float[] image : source.images()) {
            shuffled.add(Jigsaw.shuffle(image, shape, grid, random));
        }
        return new ImageSet("jigsaw", part.name() + " images not in the in-distribution sample, cut into a " + grid
                + "x" + grid + " grid of " + shape.height() / grid + "x" + shape.width() / grid
                + " tiles and shuffled (near-OOD: same colours and local texture, no object)", part.count(),
                source.ids(), shuffled);
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

    /** The .tar.gz files of a folder, by name. */
    private static Path[] archives(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".tar.gz")).sorted().toArray(Path[]::new);
        }
    }

    private static Map<String, byte[]> tarEntries(Path... archives) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (Path tarGz : archives) {
            tarEntries(tarGz, files);
        }
        return files;
    }

    private static void tarEntries(Path tarGz, Map<String, byte[]> files) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarGz)), 1 << 16))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile() && entry.getName().endsWith(".jpg")) {
                    files.put(entry.getName(), tar.readAllBytes());
                }
            }
        }
    }
}
