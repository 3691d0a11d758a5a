package io.diffood.tools.attack;

import io.diffood.score.DdpScorer;
import io.diffood.score.Observation;
import io.diffood.score.ScoreJob;
import io.diffood.score.ScoreSettings;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A transfer attacker's own KNN: it has the classifier (one pass per query, its features) but not the function's
 * bank, so it scores against the features of a small sample of training images it holds, in float. That score is
 * smooth where the function's KNN over 55,000 int8 rows is stepped, so its gradient estimate is the sharper one, and
 * what fools it fools the function's KNN too.
 */
final class SurrogateKnnOracle implements ScoreOracle {

    private final DdpScorer scorer;
    private final ScoreSettings onePass;
    private final float[][] bank;
    private final int k;
    private final int chunk;
    private long queries;

    /**
     * @param bankImages the attacker's in-distribution images
     * @param chunk      images per scorer call
     */
    SurrogateKnnOracle(DdpScorer scorer, List<float[]> bankImages, int k, int chunk) {
        if (k < 1 || k > bankImages.size()) {
            throw new IllegalArgumentException("k = " + k + " needs a bank of at least k images, not " + bankImages.size());
        }
        this.scorer = scorer;
        this.onePass = new ScoreSettings(List.of(), 1, 0);
        this.k = k;
        this.chunk = chunk;
        this.bank = features(bankImages);
    }

    @Override
    public long queries() {
        return queries;
    }

    @Override
    public long evaluations() {
        return 0;
    }

    @Override
    public double[] scores(List<float[]> images) {
        float[][] features = features(images);
        queries += images.size();
        return IntStream.range(0, features.length).parallel().mapToDouble(i -> -kthSimilarity(features[i])).toArray();
    }

    private double kthSimilarity(float[] query) {
        double[] similarities = new double[bank.length];
        for (int r = 0; r < bank.length; r++) {
            double dot = 0;
            for (int d = 0; d < query.length; d++) {
                dot += query[d] * bank[r][d];
            }
            similarities[r] = dot;
        }
        Arrays.sort(similarities);
        return similarities[bank.length - k];
    }

    /** The classifier's features of the images, L2-normalized. */
    private float[][] features(List<float[]> images) {
        float[][] out = new float[images.size()][];
        for (int from = 0; from < images.size(); from += chunk) {
            List<Observation> observed = scorer.score(ScoreJob.all(images.subList(from, Math.min(images.size(),
                    from + chunk)), onePass)).results();
            for (int j = 0; j < observed.size(); j++) {
                out[from + j] = normalized(observed.get(j).features());
            }
        }
        return out;
    }

    private static float[] normalized(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float scale = (float) (1 / (Math.sqrt(norm) + 1e-10));
        float[] out = new float[v.length];
        for (int d = 0; d < v.length; d++) {
            out[d] = v[d] * scale;
        }
        return out;
    }
}
