package io.diffood.function;

import io.diffood.config.DiffoodConfig;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs on the event loop before Funqy (order -1, after the body handler). It bounds the requests in flight,
 * so that overload gets a 503 at once rather than an unbounded wait for a worker thread; and it refuses what
 * Funqy would accept half-way or turn into a 500: an empty body, CloudEvents without their required
 * attributes, and event data whose content type does not fit the event type.
 * <p>
 * It is also the door {@link GracefulShutdown} closes at SIGTERM: from then on every new request gets 503
 * {@code shutting_down}; and it counts the requests in flight, so that the shutdown can wait for their answers. And
 * it notices a caller that goes away: its request's work is abandoned ({@link #abandonWhenCallerLeaves}).
 */
@ApplicationScoped
public class RequestGuard {

    private static final Logger LOG = Logger.getLogger(RequestGuard.class);
    /** Routing-context key of a future that completes when the caller closes the connection before the answer. */
    private static final String CALLER_GONE = "diffood.caller-gone";

    private static final List<String> REQUIRED = List.of("id", "source", "specversion", "type");
    private static final Set<String> SPEC_VERSIONS = Set.of("1.0", "0.3");
    /** Event data types Funqy can hand to our functions; any other makes Funqy fail with a 500. */
    private static final Set<String> BINARY_DATA_TYPES = Set.of("image/png", "image/jpeg", "application/octet-stream");

    @Inject
    DiffoodConfig config;

    /** The event type whose data is a JSON score request (the other one carries image bytes). */
    @ConfigProperty(name = "quarkus.funqy.knative-events.mapping.score.trigger", defaultValue = "diffood.score")
    String jsonEventType;

    @Inject
    CurrentVertxRequest currentRequest;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object noneInFlight = new Object();
    /** System.nanoTime() of the SIGTERM, or 0 while serving. */
    private volatile long closedAt;

    void install(@Observes Router router) {
        router.post().order(-1).handler(this::guard);
    }

    /** Closes the door to new requests (idempotent); the requests already in flight go on. */
    void close() {
        synchronized (this) {
            if (closedAt != 0) {
                return;
            }
            closedAt = System.nanoTime();
        }
        LOG.infof("shutting down: readiness DOWN, new requests refused (503 shutting_down), %d in flight",
                inFlight.get());
    }

    boolean shuttingDown() {
        return closedAt != 0;
    }

    /** When the door closed (System.nanoTime()); only meaningful once {@link #shuttingDown()}. */
    long closedAt() {
        return closedAt;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Waits until every admitted request has been answered (or its caller left); false after the timeout. */
    boolean awaitNoneInFlight(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (noneInFlight) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(noneInFlight, left);
            }
        }
        return true;
    }

    /**
     * Cancels {@code work} as soon as the caller of the current request closes its connection (at once if it
     * already has), so that the scorer stops spending the device on an answer nobody will read. Call it from the
     * request's worker thread; outside a request it does nothing.
     */
    void abandonWhenCallerLeaves(CompletableFuture<?> work) {
        RoutingContext rc;
        try {
            rc = currentRequest.getCurrent();
        } catch (ContextNotActiveException notInARequest) {
            return;
        }
        CompletableFuture<?> gone = rc == null ? null : rc.get(CALLER_GONE);
        if (gone != null) {
            gone.thenRun(() -> work.cancel(false));
        }
    }

    void guard(RoutingContext rc) {
        if (shuttingDown()) {
            rc.fail(Refusals.shuttingDown());
            return;
        }
        Buffer body = rc.body() == null ? null : rc.body().buffer();
        if (body == null || body.length() == 0) {
            rc.fail(ApiException.badRequest("empty_body", "the request body is empty"));
            return;
        }
        ApiException problem = cloudEventProblem(rc.request().headers(), body);
        if (problem != null) {
            rc.fail(problem);
            return;
        }
        int capacity = config.batch().queueCapacity();
        if (inFlight.incrementAndGet() > capacity) {
            inFlight.decrementAndGet();
            rc.fail(new ApiException(503, "overloaded", capacity
                    + " requests are already in progress (diffood.batch.queue-capacity); retry later"));
            return;
        }
        CompletableFuture<Void> callerGone = new CompletableFuture<>();
        rc.put(CALLER_GONE, callerGone);
        rc.addEndHandler(done -> {
            if (done.failed()) { // the connection closed before the answer was written
                callerGone.complete(null);
            }
            if (inFlight.decrementAndGet() == 0) {
                synchronized (noneInFlight) {
                    noneInFlight.notifyAll();
                }
            }
        });
        rc.next();
    }

    /** Null for a plain request or a well-formed event, else the refusal. */
    private ApiException cloudEventProblem(MultiMap headers, Buffer body) {
        String contentType = headers.get("Content-Type");
        String mediaType = contentType == null ? null : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        boolean binary = REQUIRED.stream().anyMatch(a -> headers.contains("ce-" + a));
        if (binary) {
            String missing = REQUIRED.stream().filter(a -> !headers.contains("ce-" + a)).map(a -> "ce-" + a)
                    .collect(Collectors.joining(", "));
            return attributesProblem(missing, headers.get("ce-specversion"), headers.get("ce-type"), mediaType,
                    mediaType != null && !mediaType.endsWith("json"), "binary-mode");
        }
        if ("application/cloudevents+json".equals(mediaType)) {
            JsonObject event;
            try {
                event = body.toJsonObject();
            } catch (DecodeException | ClassCastException e) {
                return ApiException.badRequest("invalid_json", "the structured CloudEvent is not a JSON object: " + e.getMessage());
            }
            String missing = REQUIRED.stream().filter(a -> !(event.getValue(a) instanceof String))
                    .collect(Collectors.joining(", "));
            Object declared = event.getValue("datacontenttype");
            if (declared != null && !(declared instanceof String)) {
                return invalidEvent("datacontenttype must be a string, not " + declared);
            }
            String dataType = declared == null ? null : ((String) declared).toLowerCase(Locale.ROOT);
            if (dataType != null && !isJson(dataType) && !BINARY_DATA_TYPES.contains(dataType)) {
                return unsupportedData(dataType);
            }
            if (dataType != null && BINARY_DATA_TYPES.contains(dataType) && !event.containsKey("data_base64")) {
                return mismatch("datacontenttype " + dataType + " needs the image in data_base64");
            }
            return attributesProblem(missing, event.getValue("specversion"), event.getValue("type"), dataType,
                    event.containsKey("data_base64"), "structured");
        }
        return null;
    }

    private ApiException attributesProblem(String missing, Object specVersion, Object type, String dataType,
            boolean binaryData, String mode) {
        if (!missing.isEmpty()) {
            return invalidEvent("the " + mode + " CloudEvent lacks the required attribute(s) " + missing);
        }
        if (!SPEC_VERSIONS.contains(String.valueOf(specVersion))) {
            return invalidEvent("CloudEvents specversion " + specVersion + " is not supported (1.0 or 0.3)");
        }
        if (mode.equals("binary-mode") && dataType == null) {
            return new ApiException(415, "unsupported_media_type", "binary CloudEvent data needs a Content-Type");
        }
        if (mode.equals("binary-mode") && !isJson(dataType) && !BINARY_DATA_TYPES.contains(dataType)) {
            return unsupportedData(dataType);
        }
        if (jsonEventType.equals(type) && binaryData) {
            return mismatch("a " + type + " event carries a JSON score request, not " + dataType + " data");
        }
        return null;
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static ApiException unsupportedData(String dataType) {
        return new ApiException(415, "unsupported_media_type", "event data of type " + dataType
                + " is not accepted: send application/json, image/png, image/jpeg or application/octet-stream");
    }

    private static ApiException invalidEvent(String message) {
        return ApiException.badRequest("invalid_cloudevent", message);
    }

    private static ApiException mismatch(String message) {
        return ApiException.badRequest("datacontenttype_mismatch", message);
    }
}
