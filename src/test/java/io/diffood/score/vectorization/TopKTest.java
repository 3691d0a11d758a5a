package io.diffood.score.vectorization;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The bounded heap against a full sort, with many ties, in any offering order. */
class TopKTest {

    @Test
    void keepsTheKMostSimilarWithTiesToTheLowerIndexWhateverTheOrder() {
        Random random = new Random(2);
        for (int n : new int[] {1, 3, 49, 50, 51, 1000}) {
            for (int k : new int[] {1, 2, 50, 2000}) {
                float[] similarities = new float[n];
                for (int i = 0; i < n; i++) {
                    similarities[i] = random.nextInt(7) / 7f; // few distinct values: ties everywhere
                }
                Neighbour[] expected = fullSort(similarities, Math.min(k, n));
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    order.add(i);
                }
                Collections.shuffle(order, random);
                TopK top = new TopK(k);
                for (int i : order) {
                    top.offer(i, similarities[i]);
                }
                assertArrayEquals(expected, top.sorted(), "n " + n + ", k " + k);
                assertEquals(expected[expected.length - 1].similarity(), top.lowestKept());
                assertEquals(expected.length, top.size());
            }
        }
    }

    @Test
    void rejectsANonPositiveKAndAnEmptyQuestion() {
        assertThrows(IllegalArgumentException.class, () -> new TopK(0));
        assertThrows(IllegalStateException.class, () -> new TopK(3).lowestKept());
    }

    private static Neighbour[] fullSort(float[] similarities, int k) {
        Neighbour[] all = new Neighbour[similarities.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = new Neighbour(i, similarities[i]);
        }
        Arrays.sort(all, Comparator.comparingDouble((Neighbour nb) -> -nb.similarity()).thenComparingInt(Neighbour::index));
        return Arrays.copyOf(all, k);
    }
}
