package io.diffood.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/prometheus/diffood-rules.yml through Prometheus' own tool: the rules parse ({@code promtool check rules})
 * and the alert fires on a surge of OOD answers over two replicas, not on in-distribution traffic nor on too few
 * answers ({@code promtool test rules} with diffood-rules.test.yml). That the counters it sums exist is
 * PrometheusExpositionTest's.
 */
class PrometheusRulesTest {

    static final Path RULES = Path.of("deploy/prometheus/diffood-rules.yml");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @Test
    void rulesParse() throws Exception {
        String out = promtool("check", "rules", RULES.toString());
        assertTrue(out.contains("SUCCESS: 4 rules found"), out);
    }

    @Test
    void alertFiresOnASurgeOnlyInTheRulesUnitTests() throws Exception {
        String out = promtool("test", "rules", RULES.resolveSibling("diffood-rules.test.yml").toString());
        assertTrue(out.contains("SUCCESS"), out);
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(PROMTOOL), "needs promtool: apt-get install -y prometheus (.ci/run installs it)");
        List<String> command = new java.util.ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", command) + " exited " + p.exitValue() + ":\n" + out);
        return out;
    }
}
