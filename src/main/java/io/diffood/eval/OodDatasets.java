package io.diffood.eval;

import io.diffood.data.FashionMnistSplit;
import io.diffood.data.IdxImages;
import io.diffood.data.LabeledImages;
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
    private final ImageDecoder decoder = new ImageDecoder(MAX_DECODED_PIXELS);

    /**
     * @param fashionMnist directory of the Fashion-MNIST IDX files (Debian: /usr/share/datasets/fashion-mnist)
     * @param shared       directory with mnist_test/, notmnist_test/, omniglot/, cifar10_test_jpg/
     * @param shape        the models' input shape
     * @param seed         sampling seed
     */
    public OodDatasets(Path fashionMnist, Path shared, ImageShape shape, long seed) {
        this.fashionMnist = fashionMnist;
        this.shared = shared;
        this.shape = shape;
        this.seed = seed;
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

    public ImageSet ood(String name, int n) throws IOException {
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

    /** {@code n} distinct indices of {@code 0..available-1} in random order (all of them if n >= available). */
    static int[] sample(int available, int n, Random random) {
        int[] all = new int[available];
        for (int i = 0; i < available; i++) {
            all[i] = i;
        }
        int k = Math.min(n, available);
        for (int i = 0; i < k; i++) { // partial Fisher-Yates: the first k places are the sample
            int j = i + random.nextInt(available - i);
            int tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        int[] picked = new int[k];
        System.arraycopy(all, 0, picked, 0, k);
        return picked;
    }

    /** A generator per set, so that a set's sample does not depend on which other sets were drawn. */
    private Random random(String name) {
        return new Random(seed * 1_000_003L + name.hashCode());
    }

    private ImageSet idxTest(String name, String description, Path dir, int n) throws IOException {
        IdxImages images = LabeledImages.load(dir, "t10k").images();
        return idx(name, description, images, 0, images.count(), "t10k#", n);
    }

    private ImageSet idx(String name, String description, IdxImages images, int first, int count, String idPrefix, int n) {
        List<String> ids = new ArrayList<>();
        List<float[]> out = new ArrayList<>();
        for (int i : sample(count, n, random(name))) {
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
        for (int i : sample(names.size(), n, random(name))) {
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
        Random random = random(name);
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
