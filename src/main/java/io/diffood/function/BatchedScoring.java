package io.diffood.function;

import io.diffood.config.DiffoodConfig;
import io.diffood.detect.DetectorSuite;
import io.diffood.score.MicroBatcher;
import io.diffood.score.Observation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Submits prepared images to the micro-batcher and waits for them at most the request timeout. */
@ApplicationScoped
public class BatchedScoring {

    private static final Logger LOG = Logger.getLogger(BatchedScoring.class);

    @Inject
    DiffoodConfig config;

    @Inject
    ModelLifecycle lifecycle;

    @Inject
    ScoreMetrics metrics;

    @Inject
    Explanations explanations;

    @Inject
    RequestGuard guard;

    ScoreResponse score(PreparedImage image) {
        if (!image.explain()) {
            return scored(image);
        }
        try (Explanations.Permit permit = explanations.permit()) {
            return scored(image);
        }
    }

    private ScoreResponse scored(PreparedImage image) {
        MicroBatcher batcher = lifecycle.batcher();
        DetectorSuite suite = lifecycle.detectors();
        long start = System.nanoTime();
        CompletableFuture<MicroBatcher.Scored> future;
        try {
            future = batcher.submit(image.input(), image.settings());
        } catch (RejectedExecutionException e) {
            throw Refusals.rejected(e); // overloaded, shutting_down, or model_unavailable when the worker stopped
        }
        guard.abandonWhenCallerLeaves(future);
        Duration timeout = config.limits().requestTimeout();
        try {
            MicroBatcher.Scored scored = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            Observation observation = scored.result();
            DetectorSuite.Verdict verdict = suite.judge(observation, image.detectors(), image.ddpTimesteps());
            metrics.scored(verdict.score(), verdict.ood());
            Explanation explanation = image.explain() ? explanations.of(image.input(), observation) : null;
            return ScoreResponses.of(scored, image, verdict, suite, lifecycle.classNames(), explanation,
                    (System.nanoTime() - start) / 1e6);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new ApiException(503, "timeout", "not scored within " + timeout.toMillis()
                    + " ms (diffood.limits.request-timeout); the server is busy, retry later");
        } catch (CancellationException e) {
            throw Refusals.callerGone();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusals.shuttingDown();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (Refusals.isRefusal(cause)) {
                throw Refusals.rejected(cause);
            }
            LOG.errorf(cause, "scoring failed");
            // the cause's class in the answer: an OutOfMemoryError is not the same problem as a bad tensor
            throw new ApiException(500, "model_error", "the models failed on this image: " + cause);
        }
    }
}
