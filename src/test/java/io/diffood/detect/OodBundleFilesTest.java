package io.diffood.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bundles survive a round trip bit for bit; every kind of damage is reported with the file it concerns. */
class OodBundleFilesTest {

    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "0123456789abcdef".repeat(4);

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEverything() throws IOException {
        OodBundle bundle = bundle(true);
        OodBundleFiles.write(bundle, dir);
        OodBundle read = OodBundleFiles.read(dir);
        assertEquals(bundle, read);
        assertEquals("Fashion-MNIST train 0..19,999 ünï 😀", read.provenance().get("data"));
        assertEquals("train --set a=b # not a comment\n  second line: \\ and \t", read.provenance().get("command"));
        assertEquals("  leading and trailing blanks  ", read.provenance().get("note"));
        assertEquals("!", read.provenance().get(" key with spaces="));
        float[] query = {0.5f, -1, 2, 0, 1, 3};
        assertEquals(bundle.knn().score(query), read.knn().score(query), 0);
        assertEquals(bundle.statistics().mahalanobis().score(query), read.statistics().mahalanobis().score(query), 0);
        assertEquals(bundle.statistics().residual().score(query), read.statistics().residual().score(query), 0);
        assertEquals(bundle.vim().orElseThrow().score(query, new float[] {1, 2, 3}),
                read.vim().orElseThrow().score(query, new float[] {1, 2, 3}), 0);

        byte[] manifest = Files.readAllBytes(dir.resolve(OodBundleFiles.MANIFEST));
        OodBundleFiles.write(read, dir);
        assertArrayEquals(manifest, Files.readAllBytes(dir.resolve(OodBundleFiles.MANIFEST)), "the same bundle, the same bytes");
    }

    @Test
    void optionalPartsMayBeAbsent() {
        OodBundle bundle = bundle(false);
        OodBundleFiles.write(bundle, dir);
        OodBundle read = OodBundleFiles.read(dir);
        assertEquals(bundle, read);
        assertTrue(read.thumbnails().isEmpty() && read.vim().isEmpty() && read.statistics().bank().labels().isEmpty());
        assertTrue(Files.notExists(dir.resolve(OodBundleFiles.BANK_LABELS)));
    }

    @Test
    void truncatedFile() throws IOException {
        OodBundleFiles.write(bundle(true), dir);
        Path bank = dir.resolve(OodBundleFiles.BANK);
        byte[] bytes = Files.readAllBytes(bank);
        Files.write(bank, Arrays.copyOf(bytes, bytes.length - 1));
        assertProblem("bank.i8", "truncated");
    }

    @Test
    void flippedByte() throws IOException {
        OodBundleFiles.write(bundle(true), dir);
        Path precision = dir.resolve(OodBundleFiles.PRECISION);
        byte[] bytes = Files.readAllBytes(precision);
        bytes[17] ^= 0x04;
        Files.write(precision, bytes);
        assertProblem("precision.f64", "corrupt");
    }

    @Test
    void missingFile() throws IOException {
        OodBundleFiles.write(bundle(true), dir);
        Files.delete(dir.resolve("validation-mahalanobis.f64"));
        assertProblem("validation-mahalanobis.f64", "missing");
    }

    @Test
    void otherFormatVersion() throws IOException {
        OodBundleFiles.write(bundle(true), dir);
        editManifest("format.version=1", "format.version=2");
        assertProblem("bundle.properties", "format version 2, this build reads version 1");
    }

    @Test
    void missingManifest() throws IOException {
        OodBundleFiles.write(bundle(true), dir);
        Files.delete(dir.resolve(OodBundleFiles.MANIFEST));
        assertProblem("bundle.properties", "missing");
    }

    @Test
    void manifestInconsistentWithTheFiles() throws IOException {
        OodBundleFiles.write(bundle(true), dir);
        editManifest("bank.rows=40", "bank.rows=41");
        assertProblem("bank.i8", "its dimensions need 246");
    }

    @Test
    void modelsMustMatch() {
        OodBundle bundle = bundle(true);
        bundle.requireModels(new ModelHashes(HASH_A, HASH_B, HASH_A));
        BundleException e = assertThrows(BundleException.class,
                () -> bundle.requireModels(new ModelHashes(HASH_A, HASH_A, HASH_A)));
        assertTrue(e.getMessage().contains("classifier with SHA-256 " + HASH_B), e.getMessage());
    }

    private void assertProblem(String file, String problem) {
        BundleException e = assertThrows(BundleException.class, () -> OodBundleFiles.read(dir));
        assertTrue(e.getMessage().startsWith(file + " in "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    private void editManifest(String from, String to) throws IOException {
        Path manifest = dir.resolve(OodBundleFiles.MANIFEST);
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        assertTrue(text.contains(from + "\n"), text);
        Files.writeString(manifest, text.replace(from + "\n", to + "\n"), StandardCharsets.UTF_8);
    }

    private static OodBundle bundle(boolean withOptionalParts) {
        Random random = new Random(21);
        int n = 40;
        float[][] features = new float[n][6];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 6; j++) {
                features[i][j] = (float) (labels[i] + random.nextGaussian());
            }
        }
        FeatureStatistics statistics = FeatureStatistics.fit(features, labels, 3, 1e-6, 3);
        if (!withOptionalParts) {
            statistics = new FeatureStatistics(FeatureBank.of(features), statistics.mahalanobis(), statistics.residual());
        }
        Map<String, Calibration> calibrations = Map.of(
                "knn", Calibration.of(new double[] {-0.9, -0.8, -0.8, -0.5}),
                "mahalanobis", Calibration.of(new double[] {3, 1, 2}),
                "residual", Calibration.of(new double[] {0.25}));
        byte[] pixels = new byte[2 * 4 * 4];
        random.nextBytes(pixels);
        return new OodBundle(new ModelHashes(HASH_A, HASH_B, HASH_A), statistics, 5, "knn", calibrations,
                withOptionalParts ? OptionalDouble.of(1.25) : OptionalDouble.empty(),
                withOptionalParts ? Optional.of(new Thumbnails(4, 4, 1, pixels)) : Optional.empty(),
                Map.of("data", "Fashion-MNIST train 0..19,999 ünï 😀", "seed", "7",
                        "command", "train --set a=b # not a comment\n  second line: \\ and \t",
                        " key with spaces=", "!", "note", "  leading and trailing blanks  "));
    }
}
