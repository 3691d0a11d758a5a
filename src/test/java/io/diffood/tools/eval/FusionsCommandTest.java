package io.diffood.tools.eval;

import io.diffood.tools.DiffoodTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fusions search on scores with a known answer: two detectors that each see one OOD set, so only a fusion of
 * both sees both; every listed fusion falls short of the best one-pass detector on the set that detector sees alone.
 */
class FusionsCommandTest {

    @TempDir
    Path dir;

    @Test
    void fusionsOfTwoDetectorsThatEachSeeOneSetComeFirstSortedByTheirMargin() throws IOException {
        Random random = new Random(1);
        List<String> lines = new ArrayList<>(List.of("set,id,label,knn,denoisedKnn,mahalanobis"));
        for (int i = 0; i < 200; i++) {
            lines.add(row("ind", i, random.nextGaussian(), random.nextGaussian(), random.nextGaussian()));
        }
        for (int i = 0; i < 100; i++) { // knn sees "photos", denoisedKnn sees "digits", mahalanobis neither
            lines.add(row("photos", i, 4 + random.nextGaussian(), random.nextGaussian(), random.nextGaussian()));
            lines.add(row("digits", i, random.nextGaussian(), 4 + random.nextGaussian(), random.nextGaussian()));
        }
        Path csv = dir.resolve("scores.csv");
        Files.write(csv, lines);
        Path out = dir.resolve("fusions.md");
        assertEquals(0, DiffoodTools.run("fusions", "--scores", csv.toString(), "--out", out.toString(),
                "--standardize-on", "evaluation", "--parts", "knn,denoisedKnn,mahalanobis", "--one-pass",
                "knn,mahalanobis", "--search", "50"));
        List<String> table = Files.readAllLines(out).stream().filter(l -> l.startsWith("| ")).toList();
        List<Double> bestOnePass = cells(table.get(1));
        assertTrue(table.get(1).contains("(knn)") && bestOnePass.get(0) > 0.99 && bestOnePass.get(1) < 0.7,
                "knn sees the photos, no one-pass detector the digits: " + table.get(1));
        String first = table.get(2);
        assertTrue(first.startsWith("| max z(knn, denoisedKnn) |") || first.startsWith("| Fisher p(knn, denoisedKnn) |"),
                "a fusion of the two that see something comes first: " + first);
        assertTrue(cells(first).get(1) > 0.95, "it sees the digits too: " + first);
        for (int r = 2; r < table.size() - 3; r++) {
            assertTrue(margin(table.get(r)) >= margin(table.get(r + 1)), "best margin first: " + table);
        }
        assertEquals(3 * 3 + 2 + 1, table.size() - 1, "mean, max and Fisher of each of the 3 subsets with "
                + "denoisedKnn, the 2 weighted searches and the best one-pass row under the header: " + table);
    }

    /** The numbers of a table row (a best one-pass cell "0.99 (knn)" gives its number; the margin is the last). */
    private static List<Double> cells(String row) {
        List<Double> numbers = new ArrayList<>();
        String[] parts = row.split("\\|");
        for (int c = 2; c < parts.length; c++) {
            numbers.add(Double.parseDouble(parts[c].trim().split(" ")[0]));
        }
        return numbers;
    }

    private static double margin(String row) {
        List<Double> numbers = cells(row);
        return numbers.get(numbers.size() - 1);
    }

    private static String row(String set, int i, double... scores) {
        StringBuilder line = new StringBuilder(set + "," + set + "#" + i + ",0");
        for (double s : scores) {
            line.append(String.format(Locale.ROOT, ",%.6f", s));
        }
        return line.toString();
    }
}
