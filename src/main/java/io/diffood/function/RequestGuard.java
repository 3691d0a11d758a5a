package io.diffood.function;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses what Funqy would turn into a 500 before it gets there: an empty POST body (Funqy fails on the
 * missing buffer) and a binary-mode CloudEvent with data but no Content-Type. Order -1 runs after the body
 * handler and before Funqy's routes.
 */
@ApplicationScoped
public class RequestGuard {

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
        rc.next();
    }
}
