package io.diffood.function;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * POSTs CloudEvents in binary mode (the attributes as {@code ce-} headers, the JSON data as the body, as Knative's
 * brokers and sinks take them) to one sink, with bounded retries: connection errors, time-outs, 408, 429 and 5xx are
 * tried again after a wait that doubles from {@code backoff}; any other answer is final. Blocking: call it off the
 * request path.
 */
final class CloudEventPoster {

    static final String SOURCE = "urn:diffood:monitor";

    /** How one event went: {@code delivered} or {@code failed} after {@code attempts} tries, or not sent at all. */
    record Delivery(String type, String id, String time, String status, int attempts, Integer httpStatus,
            String error) {

        static Delivery notSent(String type, String id, Instant time, String status) {
            return new Delivery(type, id, time.toString(), status, 0, null, null);
        }

        boolean delivered() {
            return "delivered".equals(status);
        }
    }

    private final URI sink;
    private final int attempts;
    private final Duration backoff;
    private final Duration timeout;
    private final HttpClient client;

    CloudEventPoster(URI sink, int attempts, Duration backoff, Duration timeout) {
        if (attempts < 1) {
            throw new IllegalArgumentException("diffood.monitor.sink-attempts must be at least 1, not " + attempts);
        }
        this.sink = sink;
        this.attempts = attempts;
        this.backoff = backoff;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    URI sink() {
        return sink;
    }

    Delivery post(String type, String id, Instant time, String subject, byte[] json) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(sink).timeout(timeout)
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", SOURCE)
                .header("ce-type", type).header("ce-time", time.toString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        if (subject != null) {
            request.header("ce-subject", subject);
        }
        Integer status = null;
        String error = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return new Delivery(type, id, time.toString(), "delivered", attempt, status, null);
                }
                error = "HTTP " + status;
                if (!(status == 408 || status == 429 || status >= 500)) {
                    return new Delivery(type, id, time.toString(), "failed", attempt, status, error);
                }
            } catch (IOException e) {
                status = null;
                error = e.toString();
            }
            if (attempt < attempts) {
                Thread.sleep(backoff.toMillis() << (attempt - 1));
            }
        }
        return new Delivery(type, id, time.toString(), "failed", attempts, status, error);
    }
}
