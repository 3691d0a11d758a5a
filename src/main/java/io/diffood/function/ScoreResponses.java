package io.diffood.function;

import io.diffood.score.DdpScorer;
import io.diffood.score.MicroBatcher;
import io.diffood.score.ScoreResult;

import java.util.LinkedHashMap;
import java.util.Map;

/** Maps a scored image to the API's answer. */
final class ScoreResponses {

    private ScoreResponses() {
    }

    static ScoreResponse of(MicroBatcher.Scored scored, PreparedImage image, double threshold, double waitedMs) {
        ScoreResult r = scored.result();
        DdpScorer.Timings timings = scored.batch();
        Map<String, Double> perTimestep = new LinkedHashMap<>();
        r.perTimestep().forEach((t, s) -> perTimestep.put(Integer.toString(t), s));
        Map<String, Double> baselines = new LinkedHashMap<>();
        baselines.put("msp", r.baselines().msp());
        baselines.put("maxLogit", r.baselines().maxLogit());
        baselines.put("energy", r.baselines().energy());
        Map<String, Double> timingsMs = new LinkedHashMap<>();
        timingsMs.put("decode", image.decodeMs());
        timingsMs.put("queue", scored.queueMs());
        timingsMs.put("denoiser", timings.denoiserMs());
        timingsMs.put("classifier", timings.classifierMs());
        timingsMs.put("batch", timings.totalMs());
        timingsMs.put("total", image.decodeMs() + waitedMs);
        return new ScoreResponse(r.score(), r.score() > threshold, threshold, r.label(), r.confidence(), perTimestep,
                baselines, r.seed(), image.settings().timesteps(), image.settings().repeats(), r.denoiserEvaluations(),
                timings.batchSize(), timingsMs);
    }
}
