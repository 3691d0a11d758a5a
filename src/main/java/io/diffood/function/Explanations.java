package io.diffood.function;

import io.diffood.config.DiffoodConfig;
import io.diffood.detect.FeatureBank;
import io.diffood.detect.OodBundle;
import io.diffood.detect.Thumbnails;
import io.diffood.image.PngImages;
import io.diffood.model.ImageShape;
import io.diffood.score.Observation;
import io.diffood.score.vectorization.Neighbour;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;

/** Builds explanations, at most {@code diffood.explain.max-concurrent} at once (they keep every denoised image). */
@ApplicationScoped
public class Explanations {

    /** A place among the explanations being computed; closing gives it back. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final ModelLifecycle lifecycle;
    private final int neighbours;
    private final int maxConcurrent;
    private final Semaphore permits;
    private volatile FeatureBank thumbnailRows;
    private volatile OodBundle shownFrom;

    @Inject
    Explanations(DiffoodConfig config, ModelLifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.neighbours = config.explain().neighbours();
        this.maxConcurrent = config.explain().maxConcurrent();
        this.permits = new Semaphore(maxConcurrent);
    }

    Permit permit() {
        if (!permits.tryAcquire()) {
            throw new ApiException(503, "explain_busy", maxConcurrent + " explanations are being computed "
                    + "(diffood.explain.max-concurrent); retry later, or ask without explain");
        }
        return permits::release;
    }

    Explanation of(float[] input, Observation o) {
        ImageShape shape = lifecycle.models().imageShape();
        Map<String, String> denoised = new LinkedHashMap<>();
        Map<String, double[]> probabilities = new LinkedHashMap<>();
        float[] last = null;
        int largest = -1;
        for (Map.Entry<Integer, List<Observation.Denoised>> e : o.denoised().entrySet()) {
            Observation.Denoised first = e.getValue().get(0);
            denoised.put(Integer.toString(e.getKey()), base64(PngImages.encode(first.image(), shape)));
            probabilities.put(Integer.toString(e.getKey()), meanSoftmax(e.getValue()));
            if (e.getKey() > largest) {
                largest = e.getKey();
                last = first.image();
            }
        }
        String changeMap = last == null ? null : base64(PngImages.changeMap(last, input, shape));
        return new Explanation(denoised, changeMap, neighbours(o, lifecycle.bundle()),
                new Explanation.Probabilities(softmax(o.logits()), probabilities));
    }

    /**
     * The nearest bank images. When the bundle keeps thumbnails of its first rows, the search runs over those rows
     * only, so that every neighbour shown can be seen; the KNN detector itself always uses the whole bank.
     */
    private List<Explanation.Neighbour> neighbours(Observation o, Optional<OodBundle> bundle) {
        if (bundle.isEmpty() || neighbours == 0) {
            return null;
        }
        FeatureBank bank = shownBank(bundle.get());
        Optional<Thumbnails> thumbnails = bundle.get().thumbnails();
        List<Explanation.Neighbour> list = new ArrayList<>();
        for (Neighbour n : bank.neighbours(o.features(), neighbours)) {
            String thumbnail = thumbnails.map(t -> base64(PngImages.encode(t.thumbnail(n.index()),
                    new ImageShape(t.height(), t.width(), t.channels())))).orElse(null);
            OptionalInt label = bank.label(n.index());
            list.add(new Explanation.Neighbour(n.index(), label.isPresent() ? label.getAsInt() : null, n.similarity(),
                    thumbnail));
        }
        return list;
    }

    private FeatureBank shownBank(OodBundle bundle) {
        FeatureBank shown = thumbnailRows;
        if (shown == null || shownFrom != bundle) {
            FeatureBank bank = bundle.statistics().bank();
            shown = bundle.thumbnails().map(t -> bank.head(Math.min(t.count(), bank.rows()))).orElse(bank);
            thumbnailRows = shown;
            shownFrom = bundle;
        }
        return shown;
    }

    private static double[] meanSoftmax(List<Observation.Denoised> copies) {
        double[] mean = null;
        for (Observation.Denoised copy : copies) {
            double[] p = softmax(copy.logits());
            if (mean == null) {
                mean = new double[p.length];
            }
            for (int k = 0; k < p.length; k++) {
                mean[k] += p[k] / copies.size();
            }
        }
        return mean;
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, z);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            p[k] = Math.exp(logits[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    private static String base64(byte[] png) {
        return Base64.getEncoder().encodeToString(png);
    }
}
