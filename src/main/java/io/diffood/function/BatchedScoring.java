package io.diffood.function;

import io.diffood.config.DiffoodConfig;
import io.diffood.detect.DetectorSuite;
import io.diffood.score.MicroBatcher;
import io.diffood.score.Observation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The scoring core of every protocol (the dataplane): submits a request's prepared images to the micro-batcher, waits
 * for them at most the request timeout, and judges each. The protocols are thin adapters around it: today's JSON and
 * raw bytes (ScoreFunction, RawImageRoute), KServe V2 and V1 (OpenInferenceRoutes, KServeV1Route) and the KServe
 * inference logger's events (InferenceLoggerFunction).
 */
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

    /** One image's answer: scored, or refused with the reason (a bad image, a model failure on this image). */
    record Outcome(ScoreResponse answer, ApiException refusal) {

        ScoreResponse orThrow() {
            if (refusal != null) {
                throw refusal;
            }
            return answer;
        }
    }

    /** One image; any refusal refuses the request. */
    ScoreResponse score(PreparedImage image) {
        return scoreAll(List.of(new RequestIntake.Intake(image, null))).get(0).orThrow();
    }

    /**
     * The images of one request, answered in order: they enter the micro-batcher together and so share model batches;
     * an image refused at intake or failed by the models gets its refusal, the others their answers. What concerns
     * the whole request (overload, shutdown, timeout, caller gone) refuses it whole.
     */
    List<Outcome> scoreAll(List<RequestIntake.Intake> intakes) {
        if (intakes.stream().noneMatch(i -> i.image() != null && i.image().explain())) {
            return scored(intakes);
        }
        try (Explanations.Permit permit = explanations.permit()) {
            return scored(intakes);
        }
    }

    private List<Outcome> scored(List<RequestIntake.Intake> intakes) {
        List<PreparedImage> images = intakes.stream().map(RequestIntake.Intake::image).filter(Objects::nonNull).toList();
        List<Outcome> outcomes = new ArrayList<>(intakes.size());
        if (images.isEmpty()) {
            intakes.forEach(i -> outcomes.add(new Outcome(null, i.refusal())));
            return outcomes;
        }
        MicroBatcher batcher = lifecycle.batcher();
        DetectorSuite suite = lifecycle.detectors();
        long start = System.nanoTime();
        List<CompletableFuture<MicroBatcher.Scored>> futures;
        try {
            futures = batcher.submitAll(images.stream().map(PreparedImage::input).toList(),
                    images.stream().map(PreparedImage::settings).toList());
        } catch (RejectedExecutionException e) {
            throw Refusals.rejected(e); // overloaded, shutting_down, or model_unavailable when the worker stopped
        }
        futures.forEach(guard::abandonWhenCallerLeaves);
        Duration timeout = config.limits().requestTimeout();
        long deadline = start + timeout.toNanos();
        Iterator<CompletableFuture<MicroBatcher.Scored>> pending = futures.iterator();
        try {
            for (RequestIntake.Intake intake : intakes) {
                if (intake.image() == null) {
                    outcomes.add(new Outcome(null, intake.refusal()));
                    continue;
                }
                CompletableFuture<MicroBatcher.Scored> future = pending.next();
                try {
                    MicroBatcher.Scored scored = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    outcomes.add(new Outcome(answer(scored, intake.image(), suite, start), null));
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (Refusals.isRefusal(cause)) {
                        throw Refusals.rejected(cause);
                    }
                    LOG.errorf(cause, "scoring failed");
                    // the cause's class in the answer: an OutOfMemoryError is not the same problem as a bad tensor
                    outcomes.add(new Outcome(null, new ApiException(500, "model_error",
                            "the models failed on this image: " + cause)));
                }
            }
            return outcomes;
        } catch (TimeoutException e) {
            futures.forEach(f -> f.cancel(false));
            throw new ApiException(503, "timeout", "not scored within " + timeout.toMillis()
                    + " ms (diffood.limits.request-timeout); the server is busy, retry later");
        } catch (CancellationException e) {
            throw Refusals.callerGone();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusals.shuttingDown();
        } catch (ApiException e) {
            futures.forEach(f -> f.cancel(false));
            throw e;
        }
    }

    /**
     * Judges a scored image and writes its answer. Every image answer of every protocol (JSON, raw bytes, KServe V1
     * and V2, logged inference requests) passes here, and only here: what must see each answer (metrics) hooks in here.
     */
    private ScoreResponse answer(MicroBatcher.Scored scored, PreparedImage image, DetectorSuite suite, long start) {
        Observation observation = scored.result();
        DetectorSuite.Verdict verdict = suite.judge(observation, image.detectors(), image.ddpTimesteps());
        metrics.scored(verdict.score(), verdict.ood());
        Explanation explanation = image.explain() ? explanations.of(image.input(), observation) : null;
        return ScoreResponses.of(scored, image, verdict, suite, lifecycle.classNames(), explanation,
                (System.nanoTime() - start) / 1e6);
    }
}
