package io.diffood.score.vectorization;

import java.util.Arrays;

/**
 * The k most similar rows offered so far, in a bounded heap whose root is the least similar kept row. Of two
 * rows with the same similarity the one with the lower index ranks higher, so the result depends only on the
 * offered values, not on their order. Not thread-safe: one instance per query.
 */
public final class TopK {

    private final float[] similarities;
    private final int[] indices;
    private int size;

    public TopK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        similarities = new float[k];
        indices = new int[k];
    }

    public void offer(int index, float similarity) {
        if (size < similarities.length) {
            similarities[size] = similarity;
            indices[size] = index;
            siftUp(size++);
        } else if (!(similarity < similarities[0]) && ranksAbove(similarity, index, similarities[0], indices[0])) {
            // the plain comparison first, as most rows of a scan rank below every kept one
            similarities[0] = similarity;
            indices[0] = index;
            siftDown(0);
        }
    }

    /** Rows kept so far: min(k, rows offered). */
    public int size() {
        return size;
    }

    /** The similarity of the lowest-ranked kept row: the k-th largest once k rows were offered. */
    public float lowestKept() {
        if (size == 0) {
            throw new IllegalStateException("no row offered");
        }
        return similarities[0];
    }

    /** The kept rows, most similar first. */
    public Neighbour[] sorted() {
        Neighbour[] kept = new Neighbour[size];
        for (int i = 0; i < size; i++) {
            kept[i] = new Neighbour(indices[i], similarities[i]);
        }
        Arrays.sort(kept, (a, b) -> ranksAbove(a.similarity(), a.index(), b.similarity(), b.index()) ? -1 : 1);
        return kept;
    }

    // Float.compare orders NaN above everything, so a NaN similarity cannot break the heap order.
    private static boolean ranksAbove(float similarity, int index, float otherSimilarity, int otherIndex) {
        int bySimilarity = Float.compare(similarity, otherSimilarity);
        return bySimilarity > 0 || (bySimilarity == 0 && index < otherIndex);
    }

    private void siftUp(int child) {
        while (child > 0) {
            int parent = (child - 1) / 2;
            if (!ranksAbove(similarities[parent], indices[parent], similarities[child], indices[child])) {
                return;
            }
            swap(parent, child);
            child = parent;
        }
    }

    private void siftDown(int parent) {
        while (true) {
            int lowest = parent;
            for (int child = 2 * parent + 1; child <= 2 * parent + 2 && child < size; child++) {
                if (ranksAbove(similarities[lowest], indices[lowest], similarities[child], indices[child])) {
                    lowest = child;
                }
            }
            if (lowest == parent) {
                return;
            }
            swap(parent, lowest);
            parent = lowest;
        }
    }

    private void swap(int a, int b) {
        float similarity = similarities[a];
        similarities[a] = similarities[b];
        similarities[b] = similarity;
        int index = indices[a];
        indices[a] = indices[b];
        indices[b] = index;
    }
}
