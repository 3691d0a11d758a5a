package io.diffood.function;

import io.diffood.detect.DdpDetector;
import io.diffood.detect.DetectorSuite;
import io.diffood.detect.LogitDetector;
import io.diffood.score.DdpScorer;
import io.diffood.score.MicroBatcher;
import io.diffood.score.Observation;
import io.diffood.score.vectorization.ReductionProvider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps a judged image to the API's answer. */
final class ScoreResponses {

    private static final List<String> BASELINES = List.of("msp", "maxLogit", "energy");

    private ScoreResponses() {
    }

    static ScoreResponse of(MicroBatcher.Scored scored, PreparedImage image, DetectorSuite.Verdict verdict,
            DetectorSuite suite, Optional<List<String>> classNames, Explanation explanation, double waitedMs) {
        Observation o = scored.result();
        DdpScorer.Timings timings = scored.batch();
        boolean ddpRan = verdict.scores().containsKey(DdpDetector.NAME);
        Map<String, Double> perTimestep = null;
        if (ddpRan) {
            perTimestep = new LinkedHashMap<>();
            DdpDetector ddp = (DdpDetector) suite.detector(DdpDetector.NAME);
            for (Map.Entry<Integer, Double> e : ddp.perTimestep(o, image.ddpTimesteps()).entrySet()) {
                perTimestep.put(Integer.toString(e.getKey()), e.getValue());
            }
        }
        Map<String, Double> baselines = new LinkedHashMap<>();
        for (String name : BASELINES) {
            baselines.put(name, suite.detector(name).score(o, image.ddpTimesteps()));
        }
        Map<String, Double> timingsMs = new LinkedHashMap<>();
        timingsMs.put("decode", image.decodeMs());
        timingsMs.put("queue", scored.queueMs());
        timingsMs.put("denoiser", timings.denoiserMs());
        timingsMs.put("classifier", timings.classifierMs());
        timingsMs.put("batch", timings.totalMs());
        timingsMs.put("total", image.decodeMs() + waitedMs);
        boolean denoised = !image.settings().timesteps().isEmpty();
        return new ScoreResponse(verdict.detector(), verdict.score(), verdict.ood(), verdict.threshold(),
                suite.falsePositiveRate(), verdict.scores(), verdict.pValues(), o.label(),
                classNames.map(names -> names.get(o.label())).orElse(null), LogitDetector.confidence(o.logits(), ReductionProvider.get()), perTimestep, baselines, o.seed(),
                ddpRan ? image.ddpTimesteps() : null, denoised ? image.settings().repeats() : null,
                o.denoiserEvaluations(), timings.batchSize(), timingsMs, explanation);
    }
}
