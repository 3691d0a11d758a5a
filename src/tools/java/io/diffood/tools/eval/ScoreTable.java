package io.diffood.tools.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** An evaluation's {@code scores.csv} read back: one row per image; the first row's set is the in-distribution one. */
record ScoreTable(List<String> header, List<String> sets, List<String[]> rows) {

    static ScoreTable read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.size() < 2) {
            throw new IllegalArgumentException(csv + " holds no scores");
        }
        List<String> header = List.of(lines.get(0).split(","));
        List<String[]> rows = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] row = line.split(",", -1);
            if (row.length != header.size()) {
                throw new IllegalArgumentException(csv + ": a row of " + row.length + " fields under " + header.size()
                        + " columns");
            }
            rows.add(row);
            sets.add(row[0]);
        }
        return new ScoreTable(header, sets, rows);
    }

    int size() {
        return rows.size();
    }

    boolean has(String column) {
        return header.contains(column);
    }

    double[] column(String name) {
        int c = header.indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException("no column " + name + " in the scores (have " + header + ")");
        }
        return rows.stream().mapToDouble(r -> Double.parseDouble(r[c])).toArray();
    }

    /** The OOD sets, in file order. */
    List<String> oodSets() {
        return sets.stream().distinct().skip(1).toList();
    }

    /** The in-distribution rows of a column. */
    double[] inDistribution(double[] scores) {
        return of(sets.get(0), scores);
    }

    /** AUROC of each OOD set against the in-distribution rows, OOD positive, for one score per row. */
    double[] aurocs(double[] scores) {
        double[] ind = inDistribution(scores);
        return oodSets().stream().mapToDouble(s -> OodMetrics.auroc(ind, of(s, scores))).toArray();
    }

    private double[] of(String set, double[] scores) {
        return IntStream.range(0, scores.length).filter(i -> sets.get(i).equals(set))
                .mapToDouble(i -> scores[i]).toArray();
    }
}
