package io.diffood.tools.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * A running function as an attacker on the network sees it: every query is a {@code POST /score} with the probe's
 * pixels, answered with the target detector's score and whatever noise the function gives it (its own policy and
 * key), unless the attacker pins a {@code seed} in every request, as the API allows. Queries are sent concurrently,
 * {@code inFlight} at a time, so that the function's batcher groups them as it groups any traffic. An averaging
 * (EOT) attacker sends each query {@code eot} times; without a pinned seed the copies differ by one grey level in one
 * pixel, as they must to get other noise from keyed seeds.
 */
final class HttpOracle implements ScoreOracle {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI score;
    private final String target;
    private final int[] shape;
    private final Long pinnedSeed;
    private final int eot;
    private final Semaphore inFlight;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private long queries;
    private long evaluations;

    HttpOracle(URI endpoint, String target, int[] shape, Long pinnedSeed, int eot, int inFlight) {
        if (eot < 1 || inFlight < 1) {
            throw new IllegalArgumentException("eot and in-flight requests must be at least 1");
        }
        this.score = endpoint.resolve("/score");
        this.target = target;
        this.shape = shape.clone();
        this.pinnedSeed = pinnedSeed;
        this.eot = eot;
        this.inFlight = new Semaphore(inFlight);
    }

    @Override
    public long queries() {
        return queries;
    }

    @Override
    public long evaluations() {
        return evaluations;
    }

    @Override
    public double[] scores(List<float[]> images) {
        List<CompletableFuture<JsonNode>> pending = Probes.copies(images, eot, pinnedSeed == null).stream()
                .map(this::send).toList();
        double[] answers = new double[pending.size()];
        for (int k = 0; k < answers.length; k++) {
            JsonNode answer = pending.get(k).join();
            answers[k] = answer.path("scores").path(target).asDouble();
            evaluations += answer.path("denoiserEvaluations").asLong();
        }
        queries += answers.length;
        return Probes.averaged(answers, eot);
    }

    private CompletableFuture<JsonNode> send(float[] image) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pixels", image);
        body.put("shape", shape);
        body.put("detectors", List.of(target));
        if (pinnedSeed != null) {
            body.put("seed", pinnedSeed);
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(score).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        inFlight.acquireUninterruptibly();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> inFlight.release())
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("the function answered " + response.statusCode() + ": "
                                + response.body());
                    }
                    try {
                        JsonNode answer = JSON.readTree(response.body());
                        if (!answer.path("scores").has(target)) {
                            throw new IllegalStateException("the answer has no score of " + target + ": " + response.body());
                        }
                        return answer;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
