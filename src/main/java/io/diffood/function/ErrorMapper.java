package io.diffood.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.diffood.image.InvalidImageException;
import io.diffood.score.InvalidSettingsException;
import io.quarkus.funqy.runtime.ApplicationException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;

/**
 * Writes every failed request as {"error": code, "message": text} with a real status. Funqy wraps all
 * failures in ApplicationException and answers 500; this failure handler runs before Quarkus' default one,
 * unwraps them, and maps our ApiException, the scoring core's refusals (invalid image: 400, or 413 when too
 * large; invalid settings: 400), Jackson errors (400) and the statuses that Funqy and the body
 * handler set themselves (400, 404, 406, 409, 413).
 */
@ApplicationScoped
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    void install(@Observes Router router) {
        router.route().failureHandler(this::handle);
    }

    void handle(RoutingContext rc) {
        if (rc.response().ended() || rc.response().closed()) {
            return; // answered already, or the caller went away: nobody to tell
        }
        if (rc.response().headWritten()) {
            rc.response().end();
            return;
        }
        Throwable t = rc.failure();
        while ((t instanceof ApplicationException || t instanceof UncheckedIOException) && t.getCause() != null) {
            t = t.getCause(); // Funqy wraps function failures; CloudEvent data binding wraps Jackson errors
        }
        int status;
        String error;
        String message;
        if (t == null) {
            status = rc.statusCode() > 0 ? rc.statusCode() : 500;
            error = errorCode(status);
            message = defaultMessage(status);
        } else if (t instanceof ApiException e) {
            status = e.status();
            error = e.error();
            message = e.getMessage();
        } else if (t instanceof InvalidImageException e) {
            ApiException refusal = ApiException.of(e);
            status = refusal.status();
            error = refusal.error();
            message = refusal.getMessage();
        } else if (t instanceof InvalidSettingsException e) {
            status = 400;
            error = e.code();
            message = e.getMessage();
        } else if (t instanceof HttpException e) {
            status = e.getStatusCode();
            error = errorCode(status);
            message = defaultMessage(status);
        } else if (t instanceof JsonProcessingException e) {
            status = 400;
            error = "invalid_json";
            message = "the body is not the expected JSON: " + e.getOriginalMessage();
        } else {
            LOG.errorf(t, "unhandled failure on %s", rc.request().path());
            status = 500;
            error = "internal_error";
            message = "unexpected error (" + t.getClass().getName() + ")";
        }
        if (status == 503) {
            rc.response().putHeader("Retry-After", "1");
        }
        // the KServe protocols' clients show {"error": text}: there the message is the error, the code beside it
        JsonObject body = ServedModel.isProtocolPath(rc.request().path())
                ? new JsonObject().put("error", message).put("code", error)
                : new JsonObject().put("error", error).put("message", message);
        rc.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }

    static String errorCode(int status) {
        return switch (status) {
            case 400 -> "invalid_json";
            case 404 -> "no_function";
            case 405 -> "method_not_allowed";
            case 406, 415 -> "unsupported_media_type";
            case 409 -> "ambiguous_function";
            case 413 -> "payload_too_large";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "http_" + status;
        };
    }

    static String defaultMessage(int status) {
        return switch (status) {
            case 400 -> "the body is not valid JSON for this function (see the request fields in the README)";
            case 404 -> "no function matches the path or the CloudEvent type";
            case 406 -> "Content-Type not accepted: send application/json, image/png, image/jpeg or a CloudEvent";
            case 409 -> "the CloudEvent type matches several functions";
            case 413 -> "the request body is over quarkus.http.limits.max-body-size";
            default -> "HTTP " + status;
        };
    }
}
