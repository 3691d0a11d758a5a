package io.diffood.detect;

import java.util.Arrays;

/** Counts of values in equal-width bins: bin i holds [edges[i], edges[i + 1]), the last bin also its upper edge. */
public record Histogram(double[] edges, int[] counts) {

    public Histogram {
        if (edges.length != counts.length + 1) {
            throw new IllegalArgumentException(edges.length + " edges for " + counts.length + " bins");
        }
        edges = edges.clone();
        counts = counts.clone();
    }

    /** Bins spanning [min, max] of the values; all-equal values get a bin of width 1 centred on them. */
    public static Histogram of(double[] values, int bins) {
        if (bins < 1 || values.length == 0) {
            throw new IllegalArgumentException(bins + " bins of " + values.length + " values");
        }
        double min = Arrays.stream(values).min().orElseThrow();
        double max = Arrays.stream(values).max().orElseThrow();
        if (min == max) {
            min -= 0.5;
            max += 0.5;
        }
        double width = (max - min) / bins;
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = i == bins ? max : min + i * width;
        }
        int[] counts = new int[bins];
        for (double v : values) {
            int bin = Math.min(bins - 1, (int) ((v - min) / width));
            // the division may round across an edge; the edges themselves decide
            while (bin > 0 && v < edges[bin]) {
                bin--;
            }
            while (bin < bins - 1 && v >= edges[bin + 1]) {
                bin++;
            }
            counts[bin]++;
        }
        return new Histogram(edges, counts);
    }

    @Override
    public double[] edges() {
        return edges.clone();
    }

    @Override
    public int[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram other && Arrays.equals(edges, other.edges) && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(edges) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Histogram[edges=" + Arrays.toString(edges) + ", counts=" + Arrays.toString(counts) + "]";
    }
}
