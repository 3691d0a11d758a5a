package io.diffood.function;

import io.diffood.config.DiffoodConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs on the event loop before Funqy (order -1, after the body handler). It bounds the requests in flight,
 * so that overload gets a 503 at once rather than an unbounded wait for a worker thread, and it refuses what
 * Funqy would turn into a 500: an empty body, and a binary-mode CloudEvent with data but no Content-Type.
 */
@ApplicationScoped
public class RequestGuard {

    @Inject
    DiffoodConfig config;

    private final AtomicInteger inFlight = new AtomicInteger();

    void install(@Observes Router router) {
        router.post().order(-1).handler(this::guard);
    }

    void guard(RoutingContext rc) {
        Buffer body = rc.body() == null ? null : rc.body().buffer();
        if (body == null || body.length() == 0) {
            rc.fail(ApiException.badRequest("empty_body", "the request body is empty"));
            return;
        }
        if (rc.request().headers().contains("ce-id") && rc.request().getHeader("Content-Type") == null) {
            rc.fail(new ApiException(415, "unsupported_media_type", "binary CloudEvent data needs a Content-Type"));
            return;
        }
        int capacity = config.batch().queueCapacity();
        if (inFlight.incrementAndGet() > capacity) {
            inFlight.decrementAndGet();
            rc.fail(new ApiException(503, "overloaded", capacity
                    + " requests are already in progress (diffood.batch.queue-capacity); retry later"));
            return;
        }
        rc.addEndHandler(done -> inFlight.decrementAndGet());
        rc.next();
    }
}
