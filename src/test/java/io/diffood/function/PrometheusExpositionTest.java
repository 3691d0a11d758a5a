package io.diffood.function;

import io.diffood.testing.FixtureModelsResource;
import io.diffood.testing.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code curl /q/metrics | promtool check metrics} after some scoring: Prometheus' own strict parser and linter
 * (Debian's {@code prometheus} package) on the function's real exposition.
 */
@QuarkusTest
@WithTestResource(FixtureModelsResource.class)
class PrometheusExpositionTest {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path RULES = Path.of("deploy/prometheus/diffood-rules.yml");

    @Test
    void promtoolChecksTheMetricsClean() throws Exception {
        assertTrue(Files.isExecutable(PROMTOOL),
                "needs promtool: apt-get install -y prometheus (.ci/run installs it)");
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("image", TestImages.base64(TestImages.square(28, 28, "png"))))
                    .post("/score").then().statusCode(200);
        }
        Response metrics = given().header("Accept", "*/*").get("/q/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.contentType().startsWith("text/plain; version=0.0.4"), metrics.contentType());
        String text = metrics.asString();
        assertTrue(text.contains("# HELP diffood_answers_total images answered"), "help of diffood_answers_total");
        assertTrue(text.contains("# HELP diffood_ood_answers_total "), "help of diffood_ood_answers_total");
        assertTrue(text.contains("process_cpu_seconds_total "), "process_cpu_seconds_total");
        assertFalse(text.contains("process_cpu_time_ns"), "the nanosecond CPU time is replaced");

        String problems = promtool(text);
        assertEquals("", problems, "promtool check metrics found problems");
    }

    /** The Accept header of a Prometheus 2.x scrape names text/plain too: Quarkus answers it in the text format. */
    @Test
    void aPrometheusScrapeGetsTheCheckedTextFormatWithTheCountersTheRulesSum() throws Exception {
        Response metrics = given().header("Accept", "application/openmetrics-text;version=1.0.0,"
                + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
                .get("/q/metrics");
        assertTrue(metrics.contentType().startsWith("text/plain; version=0.0.4"), metrics.contentType());
        String text = metrics.asString();
        Matcher counters = Pattern.compile("diffood_[a-z_]+_total").matcher(Files.readString(RULES));
        int found = 0;
        while (counters.find()) {
            found++;
            assertTrue(text.contains("\n" + counters.group() + " "), counters.group() + ", summed by " + RULES);
        }
        assertEquals(2, found, "counters in " + RULES);
    }

    /** promtool's report on stdin's metrics, empty when clean; fails with its output when it exits non-zero. */
    static String promtool(String metrics) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(metrics.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), "promtool check metrics exited " + p.exitValue() + ":\n" + out);
        return out.trim();
    }
}
