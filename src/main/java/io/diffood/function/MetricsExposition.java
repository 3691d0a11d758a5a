package io.diffood.function;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Makes {@code /q/metrics} pass {@code promtool check metrics} (Prometheus' strict text-format parser and linter):
 * <ul>
 * <li>Quarkus answers OpenMetrics to any client that does not ask for text, curl's {@code Accept: *}{@code /*}
 * included; Prometheus' own clients answer the text format 0.0.4 unless OpenMetrics is asked for, and the text
 * parser refuses OpenMetrics' {@code \"} escapes in help texts and reads its counter families ({@code # TYPE x
 * counter} over samples {@code x_total}) as samples without help. A Prometheus server's scrape names text/plain
 * and so gets the text format already; a client asking for OpenMetrics alone still gets it.</li>
 * <li>Every meter gets a help text: the binders of Netty and Vert.x leave some without; one meter that the
 * registry cannot write in the text format is left out.</li>
 * <li>Micrometer's {@code process_cpu_time_ns_total} (an abbreviated, non-base unit) becomes the conventional
 * {@code process_cpu_seconds_total}; the gauge {@code system_cpu_count} (a {@code _count} suffix belongs to
 * summaries and histograms) becomes {@code system_cpus}.</li>
 * </ul>
 */
public class MetricsExposition {

    private static final String METRICS_PATH = "/q/metrics";
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    /** Help texts of the meters that third-party binders register without one. */
    private static final Map<String, String> HELP = Map.of(
            "netty.allocator.memory.used", "memory held by a Netty buffer allocator, by memory type",
            "netty.allocator.memory.pinned", "memory of a Netty buffer allocator in buffers in use, by memory type",
            "netty.allocator.pooled.arenas", "arenas of a Netty pooled allocator, by memory type",
            "netty.allocator.pooled.cache.size", "cache size of a Netty pooled allocator, by cache type",
            "netty.allocator.pooled.threadlocal.caches", "thread-local caches of a Netty pooled allocator",
            "netty.allocator.pooled.chunk.size", "chunk size of a Netty pooled allocator",
            "netty.eventexecutor.tasks.pending", "tasks waiting in a Netty event loop",
            "http.server.active.requests", "HTTP requests being handled now");

    @RouteFilter
    void preferTextFormat(RoutingContext rc) {
        String accept = rc.request().getHeader("Accept");
        if (METRICS_PATH.equals(rc.normalizedPath()) && (accept == null || !accept.contains("openmetrics"))) {
            rc.request().headers().set("Accept", TEXT_FORMAT);
        }
        rc.next();
    }

    @Produces
    @Singleton
    MeterFilter promtoolClean() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().equals("system.cpu.count")) {
                    return id.withName("system.cpus");
                }
                String help = HELP.get(id.getName());
                if (help == null || id.getDescription() != null && !id.getDescription().isBlank()) {
                    return id;
                }
                return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), help,
                        id.getType());
            }
        };
    }

    /**
     * process.cpu.time: replaced by {@link #processCpuSeconds()}. http.server.connections: a long task timer, which
     * the registry writes as a summary family whose samples ({@code _active_count}, {@code _duration_sum}) do not
     * carry the family's name, so the text parser sees them without help; {@code http_server_active_connections}
     * counts the open connections.
     */
    @Produces
    @Singleton
    MeterFilter withoutUnparsableMeters() {
        return MeterFilter.deny(id -> id.getName().equals("process.cpu.time")
                || id.getName().equals("http.server.connections"));
    }

    @Produces
    @Singleton
    MeterBinder processCpuSeconds() {
        return registry -> {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                        .description("CPU time used by the JVM process, user and system").register(registry);
            }
        };
    }
}
