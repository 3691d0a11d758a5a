package io.diffood.tools.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Which images of a training source are held out as the validation part: the models never train on them and
 * {@code fit} calibrates on them (its bank comes from the rest). {@code last}: the last {@code validation} images in
 * source order (the demo's Fashion-MNIST rule, train 55,000..59,999); {@code seeded}: a seeded random choice, for
 * sources ordered by class. The model card records the split so that {@code fit} takes the same one.
 */
public record DataSplit(Rule rule, int validation, long seed) {

    public enum Rule {
        last, seeded
    }

    public DataSplit {
        if (validation < 1) {
            throw new DataException("the validation part needs at least one image, not " + validation);
        }
    }

    /**
     * @param spec a count ("5000") or a fraction of the source ("0.1")
     */
    public static DataSplit of(Rule rule, String spec, int count, long seed) {
        double value;
        try {
            value = Double.parseDouble(spec);
        } catch (NumberFormatException e) {
            throw new DataException("--validation is a count or a fraction, not " + spec);
        }
        int n = value < 1 ? (int) Math.round(value * count) : (int) value;
        if (value <= 0 || n >= count || n < 1) {
            throw new DataException("--validation " + spec + " leaves no image to train on or none to validate with ("
                    + count + " images)");
        }
        return new DataSplit(rule, n, seed);
    }

    /** Indices of the validation part, ascending. */
    public int[] validationIndices(int count) {
        check(count);
        if (rule == Rule.last) {
            return IntStream.range(count - validation, count).toArray();
        }
        int[] chosen = Arrays.copyOf(permutation(count), validation);
        Arrays.sort(chosen);
        return chosen;
    }

    /** Indices of the trained-on part, ascending. */
    public int[] trainingIndices(int count) {
        boolean[] held = new boolean[count];
        for (int i : validationIndices(count)) {
            held[i] = true;
        }
        return IntStream.range(0, count).filter(i -> !held[i]).toArray();
    }

    public Map<String, Object> describe(int count) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", rule.name());
        m.put("validationImages", validation);
        m.put("seed", seed);
        m.put("sourceImages", count);
        m.put("validationIndicesHash", Arrays.hashCode(validationIndices(count)));
        return m;
    }

    /** The split a model card records ({@link #describe}). */
    public static DataSplit fromCard(Map<?, ?> card) {
        return new DataSplit(Rule.valueOf((String) card.get("rule")), ((Number) card.get("validationImages")).intValue(),
                ((Number) card.get("seed")).longValue());
    }

    private void check(int count) {
        if (validation >= count) {
            throw new DataException("the split holds out " + validation + " images but the source has only " + count);
        }
    }

    private int[] permutation(int count) {
        Random random = new Random(seed);
        int[] p = IntStream.range(0, count).toArray();
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }
}
