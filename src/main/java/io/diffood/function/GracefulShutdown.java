package io.diffood.function;

import io.diffood.config.DiffoodConfig;
import io.diffood.score.MicroBatcher;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * The drain at SIGTERM: an adaptive shutdown delay. Quarkus' pre-shutdown event ({@code quarkus.shutdown.delay-enabled})
 * comes at once, while the HTTP server still serves as usual; by the shutdown event the server is closed and an
 * answer can no longer be written, so the drain must happen here:
 * <ol>
 * <li>the {@link RequestGuard} closes the door: readiness DOWN with reason {@code shutting down}, every new request
 * 503 {@code shutting_down} with {@code Retry-After};</li>
 * <li>the requests already admitted are scored and answered as usual (each within its own request timeout), for at
 * most {@code diffood.shutdown.drain-timeout};</li>
 * <li>if some are left at the end, the batcher fails them (503 {@code shutting_down}, their batch abandoned at the
 * next DDIM step) and stops, and their answers get a moment to go out.</li>
 * </ol>
 * Then Quarkus closes the HTTP server and fires the shutdown event, where {@link ModelLifecycle} closes the batcher
 * (joining its worker) and the models, which themselves wait for any model call still in flight: freeing TensorFlow
 * under a running step is what crashed the JVM before.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    /** How long the batcher's worker may take to come back from its last model call (one DDIM step). */
    static final Duration JOIN = Duration.ofSeconds(10);
    /** How long the 503s written for what was left at the end of the drain may take to go out. */
    static final Duration ANSWERS = Duration.ofSeconds(2);

    @Inject
    DiffoodConfig config;

    @Inject
    RequestGuard guard;

    @Inject
    ModelLifecycle lifecycle;

    void onSigterm(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    /** Closes the door and returns once every admitted request is answered, or the drain time is up. */
    void drain() {
        guard.close();
        Duration drain = config.shutdown().drainTimeout();
        int inFlight = guard.inFlight();
        try {
            if (guard.awaitNoneInFlight(drain)) {
                LOG.infof("drained: %d request(s) answered in %d ms", inFlight, millisSince(guard.closedAt()));
                return;
            }
            LOG.warnf("%d request(s) not answered within diffood.shutdown.drain-timeout (%d ms): they get 503 "
                    + "shutting_down", guard.inFlight(), drain.toMillis());
            MicroBatcher batcher = lifecycle.unavailableReason() == null ? lifecycle.batcher() : null;
            if (batcher != null) {
                batcher.close(JOIN);
            }
            if (!guard.awaitNoneInFlight(ANSWERS)) {
                LOG.warnf("%d answer(s) still unwritten after the drain", guard.inFlight());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while draining");
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
