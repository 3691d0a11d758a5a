package io.diffood.function;

import io.diffood.testing.FixtureModels;
import io.diffood.testing.TestImages;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package}) as a real process on
 * the fixture models, stopped with SIGTERM while requests are being scored: what Kubernetes does on every scale-down,
 * rollout and node drain. Every request in flight gets its answer (200, or 503 {@code shutting_down} with
 * Retry-After once the drain time is up), readiness is DOWN while they are still being answered, a new request is
 * refused with 503 {@code shutting_down}, the process exits with 0 or 143, and no JVM crash file appears.
 * <p>
 * Runs in {@code ./mvnw verify} (Failsafe, after {@code package}); alone:
 * {@code ./mvnw -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ShutdownIT}.
 */
class ShutdownIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Path WORK = Path.of("target", "shutdown-it").toAbsolutePath();
    private static final Path MODELS = WORK.resolve("models");
    /** Generous: other builds may share the machine. */
    private static final Duration START = Duration.ofSeconds(240);
    private static final Duration SOON = Duration.ofSeconds(120);
    private static final int IN_FLIGHT = 6;

    /**
     * Heavy enough to be still running at SIGTERM: 8 timesteps (the most a request may ask) x 16 repeats near T, one
     * image per batch; with 4 a fast machine answered some before the SIGTERM.
     */
    private static final String HEAVY = new JsonObject()
            .put("image", TestImages.base64(TestImages.square(28, 28, "png")))
            .put("timesteps", List.of(980, 960, 940, 920, 900, 880, 860, 840)).put("repeats", 16).encode();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private Process app;
    private Path log;

    @BeforeAll
    static void fixtures() {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: the integration tests run after package");
        FixtureModels.gaussianDenoiser(MODELS.resolve("denoiser"));
        FixtureModels.linearClassifier(MODELS.resolve("classifier"));
    }

    @AfterEach
    void kill() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroyForcibly();
            app.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void requestsInFlightAtSigtermAreScoredAndAnsweredReadinessFirstThenACleanExit() throws Exception {
        Path dir = WORK.resolve("drained");
        int port = start(dir);
        List<Sent> sent = sendHeavy(port, IN_FLIGHT);
        awaitActive(port, IN_FLIGHT);

        long sigterm = System.nanoTime();
        app.destroy(); // SIGTERM on Linux

        Readiness down = awaitReadinessDown(port);
        // the door is closed while the admitted requests are still being scored
        HttpResponse<String> late = post(port, HEAVY);
        assertRefusedShuttingDown(late);

        int afterSigterm = 0;
        long lastAnswer = 0;
        for (Sent s : sent) {
            HttpResponse<String> r = s.response.get(SOON.toSeconds(), TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), "a request in flight at SIGTERM was not scored: " + r.body() + tail());
            assertTrue(new JsonObject(r.body()).getDouble("score") > 0, r.body());
            afterSigterm += s.answeredAt() > sigterm ? 1 : 0;
            lastAnswer = Math.max(lastAnswer, s.answeredAt());
        }
        assertTrue(afterSigterm >= IN_FLIGHT - 1, afterSigterm + " of " + IN_FLIGHT
                + " answers came after the SIGTERM: the requests were not in flight" + tail());
        assertTrue(down.at < lastAnswer, "readiness was not DOWN before the last request in flight was answered");
        assertCleanExit(dir);
        assertTrue(Files.readString(log).contains("drained: "), "no drain in the log" + tail());
    }

    @Test
    void whatTheDrainTimeDoesNotCoverGets503WithRetryAfterNeverSilence() throws Exception {
        Path dir = WORK.resolve("drain-timeout");
        int port = start(dir, "-Ddiffood.shutdown.drain-timeout=1s");
        int n = 2 * IN_FLIGHT;
        List<Sent> sent = sendHeavy(port, n);
        awaitActive(port, n);

        long sigterm = System.nanoTime();
        app.destroy();

        int scored = 0;
        int refused = 0;
        for (Sent s : sent) {
            HttpResponse<String> r = s.response.get(SOON.toSeconds(), TimeUnit.SECONDS); // an answer, not a reset
            if (r.statusCode() == 200) {
                scored++;
            } else {
                assertRefusedShuttingDown(r);
                assertTrue(s.answeredAt() > sigterm);
                refused++;
            }
        }
        assertEquals(n, scored + refused);
        assertCleanExit(dir);
    }

    private record Sent(CompletableFuture<HttpResponse<String>> response, long[] answered) {
        long answeredAt() {
            return answered[0];
        }
    }

    private record Readiness(long at, String body) {
    }

    private int start(Path dir, String... settings) throws IOException, InterruptedException {
        FixtureModels.deleteRecursively(dir);
        Files.createDirectories(dir.resolve("crash"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector",
                "-XX:ErrorFile=" + dir.resolve("crash") + "/hs_err_pid%p.log",
                "-Dquarkus.http.port=" + port,
                "-Ddiffood.device=cpu",
                "-Ddiffood.denoiser.path=" + MODELS.resolve("denoiser"),
                "-Ddiffood.classifier.path=" + MODELS.resolve("classifier"),
                "-Ddiffood.batch.max-size=1",
                "-Ddiffood.limits.max-denoiser-calls=100000"));
        command.addAll(List.of(settings));
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        log = dir.resolve("app.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        app = builder.start();

        long deadline = System.nanoTime() + START.toNanos();
        while (true) {
            assertTrue(app.isAlive(), "the app exited while starting" + tail());
            assertTrue(System.nanoTime() < deadline, "not ready within " + START + tail());
            try {
                if (get(port, "/q/health/ready").statusCode() == 200) {
                    return port;
                }
            } catch (IOException notListening) {
                // not yet
            }
            Thread.sleep(200);
        }
    }

    private List<Sent> sendHeavy(int port, int n) {
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long[] answered = {0};
            CompletableFuture<HttpResponse<String>> f = http.sendAsync(request(port, HEAVY), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> answered[0] = System.nanoTime());
            sent.add(new Sent(f, answered));
        }
        return sent;
    }

    /** Waits until the server holds {@code n} requests (the metrics scrape itself is one more). */
    private void awaitActive(int port, int n) throws Exception {
        Pattern active = Pattern.compile("(?m)^http_server_active_requests\\{[^}]*} ([0-9.]+)$");
        long deadline = System.nanoTime() + SOON.toNanos();
        while (true) {
            Matcher m = active.matcher(get(port, "/q/metrics").body());
            if (m.find() && Double.parseDouble(m.group(1)) >= n + 1) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the server never held " + n + " requests at once" + tail());
            Thread.sleep(10);
        }
    }

    /** Polls readiness from the SIGTERM on until it says DOWN; the port must stay open until then. */
    private Readiness awaitReadinessDown(int port) throws Exception {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r;
            try {
                r = get(port, "/q/health/ready");
            } catch (IOException closed) {
                return fail("the port closed before readiness was seen DOWN: " + closed + tail());
            }
            if (r.statusCode() == 503) {
                long at = System.nanoTime();
                JsonObject body = new JsonObject(r.body());
                assertEquals("DOWN", body.getString("status"), r.body());
                assertTrue(body.getJsonArray("checks").stream().map(JsonObject.class::cast)
                        .anyMatch(c -> "models".equals(c.getString("name"))
                                && "shutting down".equals(c.getJsonObject("data").getString("reason"))), r.body());
                return new Readiness(at, r.body());
            }
            assertEquals(200, r.statusCode(), r.body());
            Thread.sleep(20);
        }
        return fail("readiness never went DOWN" + tail());
    }

    private static void assertRefusedShuttingDown(HttpResponse<String> r) {
        assertEquals(503, r.statusCode(), r.body());
        assertNotNull(r.headers().firstValue("Retry-After").orElse(null), "503 without Retry-After");
        assertEquals("shutting_down", new JsonObject(r.body()).getString("error"), r.body());
    }

    private void assertCleanExit(Path dir) throws Exception {
        assertTrue(app.waitFor(SOON.toSeconds(), TimeUnit.SECONDS), "the app did not exit after SIGTERM" + tail());
        int status = app.exitValue();
        assertTrue(status == 0 || status == 143, "exit status " + status + tail());
        try (Stream<Path> crashes = Stream.concat(Files.list(dir), Files.list(dir.resolve("crash")))) {
            List<Path> found = crashes.filter(p -> p.getFileName().toString().startsWith("hs_err")).toList();
            assertEquals(List.of(), found, "JVM crash files" + tail());
        }
        String output = Files.readString(log);
        assertTrue(!output.contains("SIGSEGV") && !output.contains("A fatal error has been detected"), tail());
    }

    private HttpRequest request(int port, String json) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/score"))
                .header("Content-Type", "application/json").timeout(SOON)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpResponse<String> post(int port, String json) throws IOException, InterruptedException {
        return http.send(request(port, json), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(SOON).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The end of the app's output, for failure messages. */
    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n--- app output (end) ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
