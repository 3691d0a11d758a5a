package io.diffood.function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.diffood.tools.data.IdxImages;
import io.diffood.tools.data.LabeledImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OOD-rate alarm end to end over real HTTP: the demo models score Fashion-MNIST test images (in distribution)
 * and MNIST digits (OOD), decided by {@code knn} (one classifier pass, to keep the stream fast: the monitor is what
 * is tested), in a window of 40 answers; a real local HTTP sink (the {@code K_SINK} that Knative's SinkBinding
 * would inject) receives the alarm and its clearing as binary-mode CloudEvents; then a slow sink and a dead one cost
 * the scoring nothing and are counted.
 */
@QuarkusTest
@TestProfile(OodRateAlarmTest.SmallWindow.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OodRateAlarmTest {

    static final int SINK_PORT = 28091;
    static final int WINDOW = 40;

    public static class SmallWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("diffood.decision.detector", "knn",
                    "diffood.monitor.window-size", String.valueOf(WINDOW),
                    "diffood.monitor.min-answers", "20",
                    "diffood.monitor.cooldown", "0s",
                    "diffood.monitor.sink-attempts", "2",
                    "diffood.monitor.sink-backoff", "100ms",
                    "diffood.monitor.sink-timeout", "500ms",
                    // what Knative's SinkBinding injects; diffood.monitor.sink defaults to it
                    "K_SINK", "http://localhost:" + SINK_PORT + "/events");
        }
    }

    /** One event as the sink received it. */
    record Received(String type, String id, String source, String contentType, JsonPath data) {
    }

    enum Mode { ACCEPT, SLOW }

    static HttpServer sink;
    static final BlockingQueue<Received> RECEIVED = new LinkedBlockingQueue<>();
    static volatile Mode mode = Mode.ACCEPT;
    static IdxImages fashion;
    static IdxImages digits;
    static int nextFashion;
    static int nextDigit;

    @BeforeAll
    static void start() throws IOException {
        fashion = LabeledImages.load(Path.of("/usr/share/datasets/fashion-mnist"), "t10k").images();
        digits = LabeledImages.load(Path.of("../shared/datasets/mnist_test"), "t10k").images();
        sink = HttpServer.create(new InetSocketAddress("localhost", SINK_PORT), 0);
        sink.createContext("/events", OodRateAlarmTest::receive);
        sink.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        sink.start();
    }

    @AfterAll
    static void stop() {
        if (sink != null) {
            sink.stop(0);
        }
    }

    static void receive(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (mode == Mode.SLOW) {
            try {
                Thread.sleep(3000); // beyond diffood.monitor.sink-timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            var h = exchange.getRequestHeaders();
            RECEIVED.add(new Received(h.getFirst("ce-type"), h.getFirst("ce-id"), h.getFirst("ce-source"),
                    h.getFirst("Content-Type"), new JsonPath(new String(body, StandardCharsets.UTF_8))));
        }
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
    }

    @Test
    @Order(1)
    void inDistributionStreamThenAnOodBurstAlarmsThenInDistributionClears() throws InterruptedException {
        JsonPath monitor = monitor();
        assertEquals("http://localhost:" + SINK_PORT + "/events", monitor.getString("sink"), "K_SINK as the sink");
        assertEquals(WINDOW, monitor.getInt("window.size"));
        assertEquals(0.05, monitor.getDouble("targetRate"), 1e-12);

        // 600 in-distribution answers: at this window's false-alarm rate (below 1e-7 per answer) no alarm
        int ood = 0;
        for (int i = 0; i < 600; i++) {
            ood += score(fashion, nextFashion++) ? 1 : 0;
        }
        monitor = monitor();
        assertFalse(monitor.getBoolean("alarm"), "false alarm: " + monitor.prettify());
        // any alarm in the stream, even one cleared since, would have sent an event (no cooldown here)
        assertNull(RECEIVED.poll(1, TimeUnit.SECONDS), "an event without an alarm");
        assertTrue(ood < 600 * 0.1, "in-distribution ood rate " + ood / 600.0);
        int alarmCount = monitor.getInt("alarmCount");
        assertEquals(WINDOW, monitor.getInt("window.answers"));

        // a burst of digits: the alarm within alarmCount ood answers (the window then holds that many), plus the
        // digits that knn lets through
        int burst = 0;
        int oodInBurst = 0;
        while (!monitor().getBoolean("alarm")) {
            oodInBurst += score(digits, nextDigit++) ? 1 : 0;
            burst++;
            assertTrue(oodInBurst <= alarmCount, "no alarm after " + oodInBurst + " ood answers of " + burst);
        }
        Received alarm = RECEIVED.poll(10, TimeUnit.SECONDS);
        assertNotNull(alarm, "the sink got no alarm event");
        assertEquals(OodRateWatch.ALARM, alarm.type());
        assertEquals("urn:diffood:monitor", alarm.source());
        assertEquals("application/json", alarm.contentType());
        assertTrue(alarm.data().getBoolean("alarm"));
        assertTrue(alarm.data().getDouble("pValue") < 1e-6, "p " + alarm.data().getDouble("pValue"));
        assertTrue(alarm.data().getInt("window.oodAnswers") >= alarmCount);
        assertNotNull(alarm.data().getString("alarmSince"));
        monitor = awaitSettled();
        assertEquals(alarm.id(), monitor.getString("lastEvent.id"));
        assertEquals("delivered", monitor.getString("lastEvent.status"));
        assertEquals(202, monitor.getInt("lastEvent.httpStatus"));
        assertEquals(alarm.data().getString("alarmSince"), monitor.getString("alarmSince"));

        // in-distribution images push the burst out of the window
        int calm = 0;
        while (monitor().getBoolean("alarm")) {
            score(fashion, nextFashion++);
            assertTrue(++calm <= WINDOW, "still alarming after " + calm + " in-distribution answers");
        }
        Received cleared = RECEIVED.poll(10, TimeUnit.SECONDS);
        assertNotNull(cleared, "the sink got no clearing event");
        assertEquals(OodRateWatch.CLEARED, cleared.type());
        assertFalse(cleared.data().getBoolean("alarm"));
        assertTrue(cleared.data().getDouble("pValue") >= 0.05);
        assertNull(cleared.data().getString("alarmSince"));
        System.out.printf("in distribution: %d ood of 600; alarm after %d digits (%d ood, alarm count %d); "
                + "cleared after %d in-distribution answers%n", ood, burst, oodInBurst, alarmCount, calm);
    }

    @Test
    @Order(2)
    void aSlowSinkAndADeadOneCostScoringNothingAndAreCounted() throws InterruptedException {
        calmDown();
        double failedBefore = failedEvents();
        mode = Mode.SLOW;
        long slowest = 0;
        while (!monitor().getBoolean("alarm")) {
            long start = System.nanoTime();
            score(digits, nextDigit++);
            slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
        }
        // the alarm event goes to a sink that answers after 3 s; two tries of 500 ms each, then it is given up
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            score(digits, nextDigit++);
            slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
        }
        assertTrue(slowest < 1000, "a scoring request took " + slowest + " ms with a slow sink");
        awaitFailed(failedBefore + 1);
        JsonPath monitor = monitor();
        assertEquals("failed", monitor.getString("lastEvent.status"));
        assertEquals(2, monitor.getInt("lastEvent.attempts"));
        assertTrue(monitor.getString("lastEvent.error").contains("HttpTimeoutException"),
                monitor.getString("lastEvent.error"));
        assertTrue(monitor.getBoolean("alarm"), "the alarm stands");

        sink.stop(0); // nothing listens any more: connection refused
        calmDown();
        awaitFailed(failedBefore + 2);
        assertEquals(OodRateWatch.CLEARED, monitor().getString("lastEvent.type"));
        assertEquals("failed", monitor().getString("lastEvent.status"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static void calmDown() {
        for (int i = 0; i < 4 * WINDOW && monitor().getBoolean("alarm"); i++) {
            score(fashion, nextFashion++);
        }
        assertFalse(monitor().getBoolean("alarm"), "in-distribution answers did not clear the alarm");
    }

    /** The monitor once its last event is no longer pending: the sink records an event before it answers 202. */
    private static JsonPath awaitSettled() throws InterruptedException {
        JsonPath monitor = monitor();
        for (int i = 0; i < 100 && "pending".equals(monitor.getString("lastEvent.status")); i++) {
            Thread.sleep(50);
            monitor = monitor();
        }
        return monitor;
    }

    private static void awaitFailed(double expected) throws InterruptedException {
        for (int i = 0; i < 100 && failedEvents() < expected; i++) {
            Thread.sleep(100);
        }
        assertEquals(expected, failedEvents(), 0, "diffood_alarm_events_failed_total");
    }

    /** Scores image i of a set as JSON pixels; whether it was answered ood. */
    private static boolean score(IdxImages set, int i) {
        Response r = given().contentType(ContentType.JSON)
                .body(Map.of("pixels", set.unitFloats(i), "shape", List.of(set.rows(), set.cols(), 1)))
                .post("/score");
        assertEquals(200, r.statusCode(), r.asString());
        return r.<Boolean>path("ood");
    }

    private static JsonPath monitor() {
        Response r = given().get("/monitor");
        assertEquals(200, r.statusCode(), r.asString());
        return r.jsonPath();
    }

    private static double failedEvents() {
        String metrics = given().get("/q/metrics").asString();
        return metrics.lines().filter(l -> l.startsWith("diffood_alarm_events_failed_total "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElseThrow();
    }
}
