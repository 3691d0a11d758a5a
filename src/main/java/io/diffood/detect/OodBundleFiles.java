package io.diffood.detect;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Writes and reads an {@link OodBundle} as a directory: a {@code bundle.properties} manifest and little-endian binary
 * files, each listed in the manifest with its length and SHA-256 and verified on reading (docs/ood-bundle.md).
 * Any problem on reading is a {@link BundleException} naming the file.
 */
public final class OodBundleFiles {

    public static final int FORMAT_VERSION = 1;
    public static final String MANIFEST = "bundle.properties";

    static final String BANK = "bank.i8";
    static final String BANK_SCALES = "bank-scales.f32";
    static final String BANK_LABELS = "bank-labels.i32";
    static final String CLASS_MEANS = "means.f32";
    static final String PRECISION = "precision.f64";
    static final String MEAN = "mean.f32";
    static final String BASIS = "basis.f32";
    static final String THUMBNAILS = "thumbnails.u8";

    private OodBundleFiles() {
    }

    static String validationFile(String detector) {
        return "validation-" + detector + ".f64";
    }

    /** Writes the binary files, then the manifest (via a rename), so a bundle without a manifest is an unfinished one. */
    public static void write(OodBundle bundle, Path dir) {
        try {
            Files.createDirectories(dir);
            Map<String, String> manifest = new TreeMap<>();
            FeatureStatistics statistics = bundle.statistics();
            FeatureBank bank = statistics.bank();
            manifest.put("format.version", Integer.toString(FORMAT_VERSION));
            manifest.put("models.denoiser.sha256", bundle.models().denoiserSha256());
            manifest.put("models.classifier.sha256", bundle.models().classifierSha256());
            manifest.put("models.classifier-signature.sha256", bundle.models().classifierSignatureSha256());
            manifest.put("features.dim", Integer.toString(bank.dim()));
            manifest.put("classes", Integer.toString(statistics.mahalanobis().classes()));
            manifest.put("bank.rows", Integer.toString(bank.rows()));
            manifest.put("principal.dim", Integer.toString(statistics.residual().principalDimension()));
            manifest.put("knn.k", Integer.toString(bundle.k()));
            manifest.put("decision.detector", bundle.decisionDetector());
            manifest.put("detectors", String.join(",", bundle.calibrations().keySet()));
            bundle.vimAlpha().ifPresent(alpha -> manifest.put("vim.alpha", Double.toString(alpha)));
            bundle.provenance().forEach((key, value) -> manifest.put("provenance." + key, value));

            writeFile(dir, BANK, bank.codes(), manifest);
            writeFile(dir, BANK_SCALES, LittleEndian.floats(bank.scales()), manifest);
            if (bank.labels().isPresent()) {
                writeFile(dir, BANK_LABELS, LittleEndian.ints(bank.labels().get()), manifest);
            }
            writeFile(dir, CLASS_MEANS, LittleEndian.floats(statistics.mahalanobis().classMeans()), manifest);
            writeFile(dir, PRECISION, LittleEndian.doubles(statistics.mahalanobis().precision()), manifest);
            writeFile(dir, MEAN, LittleEndian.floats(statistics.residual().mean()), manifest);
            writeFile(dir, BASIS, LittleEndian.floats(statistics.residual().basis()), manifest);
            for (Map.Entry<String, Calibration> calibration : bundle.calibrations().entrySet()) {
                writeFile(dir, validationFile(calibration.getKey()), LittleEndian.doubles(calibration.getValue().sortedScores()), manifest);
            }
            if (bundle.thumbnails().isPresent()) {
                Thumbnails thumbnails = bundle.thumbnails().get();
                manifest.put("thumbnails.height", Integer.toString(thumbnails.height()));
                manifest.put("thumbnails.width", Integer.toString(thumbnails.width()));
                manifest.put("thumbnails.channels", Integer.toString(thumbnails.channels()));
                writeFile(dir, THUMBNAILS, thumbnails.pixels(), manifest);
            }
            Path partial = dir.resolve(MANIFEST + ".partial");
            Files.writeString(partial, ManifestText.format(manifest), StandardCharsets.UTF_8);
            Files.move(partial, dir.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the OOD bundle to " + dir, e);
        }
    }

    public static OodBundle read(Path dir) {
        Manifest manifest = Manifest.load(dir);
        FeatureStatistics statistics = readStatistics(manifest);
        Map<String, Calibration> calibrations = readCalibrations(manifest);
        Optional<Thumbnails> thumbnails = manifest.lists(THUMBNAILS) ? Optional.of(readThumbnails(manifest)) : Optional.empty();
        OptionalDouble vimAlpha = manifest.has("vim.alpha") ? OptionalDouble.of(manifest.finiteDouble("vim.alpha")) : OptionalDouble.empty();
        int k = manifest.positiveInt("knn.k");
        String decision = manifest.string("decision.detector");
        return manifest.build(MANIFEST, () -> new OodBundle(readModelHashes(manifest), statistics, k, decision, calibrations,
                vimAlpha, thumbnails, manifest.withPrefix("provenance.")));
    }

    private static FeatureStatistics readStatistics(Manifest manifest) {
        int dim = manifest.positiveInt("features.dim");
        int classes = manifest.positiveInt("classes");
        int rows = manifest.positiveInt("bank.rows");
        int principalDim = manifest.nonNegativeInt("principal.dim");
        byte[] codes = manifest.file(BANK, (long) rows * dim);
        float[] scales = LittleEndian.toFloats(manifest.file(BANK_SCALES, 4L * rows));
        int[] labels = manifest.lists(BANK_LABELS) ? LittleEndian.toInts(manifest.file(BANK_LABELS, 4L * rows)) : null;
        float[] classMeans = LittleEndian.toFloats(manifest.file(CLASS_MEANS, 4L * classes * dim));
        double[] precision = LittleEndian.toDoubles(manifest.file(PRECISION, 8L * dim * dim));
        float[] mean = LittleEndian.toFloats(manifest.file(MEAN, 4L * dim));
        float[] basis = LittleEndian.toFloats(manifest.file(BASIS, 4L * principalDim * dim));
        return manifest.build(MANIFEST, () -> new FeatureStatistics(FeatureBank.ofCodes(codes, scales, labels, dim),
                new Mahalanobis(classMeans, precision, dim), new Residual(mean, basis, dim)));
    }

    private static Map<String, Calibration> readCalibrations(Manifest manifest) {
        Map<String, Calibration> calibrations = new TreeMap<>();
        for (String detector : manifest.string("detectors").split(",", -1)) {
            if (!OodBundle.isDetectorName(detector)) {
                throw manifest.problem(MANIFEST, "detectors lists '" + detector + "', not a detector name");
            }
            String file = validationFile(detector);
            byte[] bytes = manifest.file(file, -1);
            calibrations.put(detector, manifest.build(file, () -> Calibration.of(LittleEndian.toDoubles(bytes))));
        }
        return calibrations;
    }

    private static Thumbnails readThumbnails(Manifest manifest) {
        int height = manifest.positiveInt("thumbnails.height");
        int width = manifest.positiveInt("thumbnails.width");
        int channels = manifest.positiveInt("thumbnails.channels");
        byte[] pixels = manifest.file(THUMBNAILS, -1);
        return manifest.build(THUMBNAILS, () -> new Thumbnails(height, width, channels, pixels));
    }

    private static ModelHashes readModelHashes(Manifest manifest) {
        return new ModelHashes(manifest.string("models.denoiser.sha256"), manifest.string("models.classifier.sha256"),
                manifest.string("models.classifier-signature.sha256"));
    }

    private static void writeFile(Path dir, String name, byte[] bytes, Map<String, String> manifest) throws IOException {
        Files.write(dir.resolve(name), bytes);
        manifest.put("file." + name + ".bytes", Integer.toString(bytes.length));
        manifest.put("file." + name + ".sha256", Sha256.hex(bytes));
    }

    /** The parsed manifest of a bundle directory, and the verified reading of the files it lists. */
    private record Manifest(Path dir, Properties properties) {

        static Manifest load(Path dir) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(dir.resolve(MANIFEST), StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (NoSuchFileException e) {
                throw new BundleException(MANIFEST + " in " + dir + ": missing (not an OOD bundle, or one whose writing did not finish)");
            } catch (IOException | IllegalArgumentException e) {
                throw new BundleException(MANIFEST + " in " + dir + ": unreadable: " + e.getMessage(), e);
            }
            Manifest manifest = new Manifest(dir, properties);
            int version = manifest.positiveInt("format.version");
            if (version != FORMAT_VERSION) {
                throw new BundleException(MANIFEST + " in " + dir + ": format version " + version + ", this build reads version "
                        + FORMAT_VERSION);
            }
            return manifest;
        }

        boolean has(String key) {
            return properties.containsKey(key);
        }

        boolean lists(String file) {
            return has("file." + file + ".sha256") || has("file." + file + ".bytes");
        }

        String string(String key) {
            String value = properties.getProperty(key);
            if (value == null) {
                throw problem(MANIFEST, "no " + key);
            }
            return value;
        }

        int positiveInt(String key) {
            int value = nonNegativeInt(key);
            if (value == 0) {
                throw problem(MANIFEST, key + " is 0");
            }
            return value;
        }

        int nonNegativeInt(String key) {
            String text = string(key);
            try {
                int value = Integer.parseInt(text.trim());
                if (value < 0) {
                    throw problem(MANIFEST, key + " is negative: " + value);
                }
                return value;
            } catch (NumberFormatException e) {
                throw problem(MANIFEST, key + " is not an integer: '" + text + "'");
            }
        }

        double finiteDouble(String key) {
            String text = string(key);
            try {
                double value = Double.parseDouble(text.trim());
                if (Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below, as for a non-finite value
            }
            throw problem(MANIFEST, key + " is not a finite number: '" + text + "'");
        }

        Map<String, String> withPrefix(String prefix) {
            Map<String, String> values = new TreeMap<>();
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith(prefix)) {
                    values.put(key.substring(prefix.length()), properties.getProperty(key));
                }
            }
            return values;
        }

        /**
         * The bytes of a listed file after checking them against the manifest's length and SHA-256, and that length
         * against {@code expectedBytes} as the dimensions imply it (-1: any).
         */
        byte[] file(String name, long expectedBytes) {
            if (!lists(name)) {
                throw problem(MANIFEST, "does not list " + name);
            }
            long listedBytes;
            try {
                listedBytes = Long.parseLong(string("file." + name + ".bytes").trim());
            } catch (NumberFormatException e) {
                throw problem(MANIFEST, "the length of " + name + " is not a number");
            }
            if (expectedBytes >= 0 && listedBytes != expectedBytes) {
                throw problem(name, "the manifest lists " + listedBytes + " bytes, its dimensions need " + expectedBytes);
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(dir.resolve(name));
            } catch (NoSuchFileException e) {
                throw problem(name, "missing");
            } catch (IOException e) {
                throw new BundleException(name + " in " + dir + ": unreadable: " + e.getMessage(), e);
            }
            if (bytes.length < listedBytes) {
                throw problem(name, "truncated: " + bytes.length + " of " + listedBytes + " bytes");
            }
            if (bytes.length > listedBytes) {
                throw problem(name, bytes.length + " bytes, the manifest lists " + listedBytes);
            }
            String actual = Sha256.hex(bytes);
            String listed = string("file." + name + ".sha256");
            if (!actual.equals(listed)) {
                throw problem(name, "corrupt: SHA-256 " + actual + ", the manifest lists " + listed);
            }
            return bytes;
        }

        /** Runs a constructor whose argument checks become a BundleException about {@code file}. */
        <T> T build(String file, Supplier<T> constructor) {
            try {
                return constructor.get();
            } catch (IllegalArgumentException e) {
                throw problem(file, "inconsistent: " + e.getMessage());
            }
        }

        BundleException problem(String file, String what) {
            return new BundleException(file + " in " + dir + ": " + what);
        }
    }
}
