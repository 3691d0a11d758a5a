package io.diffood.function;

import io.diffood.model.ModelSet;
import io.diffood.score.DdpScorer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/**
 * The function's own Prometheus metrics. Request counts and latency by outcome come from Quarkus' HTTP metrics
 * (http_server_requests_seconds with uri and outcome tags); these add what only the scorer knows.
 */
@ApplicationScoped
public class ScoreMetrics {

    private final DistributionSummary batchSize;
    private final DistributionSummary scores;
    private final Counter answers;
    private final Counter oodAnswers;
    private final Timer denoiserTime;
    private final Timer classifierTime;
    private final Timer batchTime;

    private final MeterRegistry registry;
    private final OodRateWatch oodRate;

    @Inject
    public ScoreMetrics(MeterRegistry registry, OodRateWatch oodRate) {
        this.registry = registry;
        this.oodRate = oodRate;
        batchSize = DistributionSummary.builder("diffood.batch.size").description("images per model batch")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32).register(registry);
        scores = DistributionSummary.builder("diffood.score").description("scores of the decision detector")
                .serviceLevelObjectives(0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5).register(registry);
        // two counters rather than one with an ood tag: the OOD rate over every replica is then a plain ratio of sums
        answers = Counter.builder("diffood.answers").description("images answered, ood or not, by every protocol")
                .register(registry);
        oodAnswers = Counter.builder("diffood.ood.answers").description("images answered ood").register(registry);
        denoiserTime = Timer.builder("diffood.model.time").tag("model", "denoiser")
                .description("time inside model calls, per batch").register(registry);
        classifierTime = Timer.builder("diffood.model.time").tag("model", "classifier")
                .description("time inside model calls, per batch").register(registry);
        batchTime = Timer.builder("diffood.batch.time").description("wall time of a model batch").register(registry);
    }

    /** DJL's count of NDArrays not yet closed: flat under any load unless native memory leaks. */
    void watch(ModelSet models) {
        Gauge.builder("diffood.ndarrays.open", models, ModelSet::openArrays)
                .description("NDArrays open under the models' managers").register(registry);
    }

    void batchDone(DdpScorer.Batch batch) {
        DdpScorer.Timings t = batch.timings();
        batchSize.record(t.batchSize());
        denoiserTime.record((long) (t.denoiserMs() * 1e6), TimeUnit.NANOSECONDS);
        classifierTime.record((long) (t.classifierMs() * 1e6), TimeUnit.NANOSECONDS);
        batchTime.record((long) (t.totalMs() * 1e6), TimeUnit.NANOSECONDS);
    }

    /** Every answered image passes here, whatever protocol asked: the counters and the OOD-rate alarm see them all. */
    void scored(double score, boolean isOod) {
        scores.record(score);
        answers.increment();
        if (isOod) {
            oodAnswers.increment();
        }
        oodRate.record(isOod);
    }
}
