package io.diffood.tools.eval;

import io.diffood.score.DdpScorer;
import io.diffood.score.ScoreJob;
import io.diffood.detect.DdpDetector;
import io.diffood.score.Observation;
import io.diffood.score.ScoreSettings;
import me.tongfei.progressbar.ProgressBar;

import java.util.ArrayList;
import java.util.List;

/**
 * Feeds image sets to the DDP scorer in fixed-size batches (the function's micro-batches under load are
 * 8 images), advancing one progress bar over the whole run.
 */
final class BatchScoring {

    private final int batchSize;
    private final ProgressBar bar;
    private long done;

    BatchScoring(int batchSize, ProgressBar bar) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
        }
        this.batchSize = batchSize;
        this.bar = bar;
    }

    SampleScores score(DdpScorer scorer, DdpDetector ddp, ImageSet set, ScoreSettings settings) {
        List<Observation> results = new ArrayList<>(set.size());
        double denoiserMs = 0;
        double classifierMs = 0;
        long start = System.nanoTime();
        for (int from = 0; from < set.size(); from += batchSize) {
            List<float[]> batch = set.images().subList(from, Math.min(set.size(), from + batchSize));
            DdpScorer.Batch scored = scorer.score(ScoreJob.all(batch, settings));
            results.addAll(scored.results());
            denoiserMs += scored.timings().denoiserMs();
            classifierMs += scored.timings().classifierMs();
            done += batch.size();
            bar.stepTo(done);
        }
        return new SampleScores(set, results, ddp, settings.timesteps(), (System.nanoTime() - start) / 1e9, denoiserMs,
                classifierMs);
    }
}
