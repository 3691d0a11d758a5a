package io.diffood.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diffood.config.CoreSettings;
import io.diffood.config.DiffoodConfig;
import io.diffood.monitor.OodRateMonitor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The OOD-rate alarm of this pod: every answer goes to the {@link OodRateMonitor}; a new alarm and its clearing are
 * posted as CloudEvents ({@code diffood.ood-rate.alarm}, {@code diffood.ood-rate.cleared}) to the sink on one
 * background thread, which also ages the window once a second. Scoring only pays for a synchronized O(1) update: a
 * sink that is down or slow is logged and counted, never felt by a request.
 */
@ApplicationScoped
public class OodRateWatch {

    static final String ALARM = "diffood.ood-rate.alarm";
    static final String CLEARED = "diffood.ood-rate.cleared";

    private static final Logger LOG = Logger.getLogger(OodRateWatch.class);
    /** Events waiting for the delivery thread; beyond it they are dropped (and counted): only a flapping alarm with no cooldown gets there. */
    private static final int MAX_PENDING = 16;

    /** What {@code GET /monitor} answers and what an alarm event carries as data. */
    public record Report(Window window, Double rate, double targetRate, double pValue, String test,
            double alarmPValue, double clearPValue, int alarmCount, boolean alarm, String alarmSince,
            double falseAlarmsPerAnswer, String sink, CloudEventPoster.Delivery lastEvent) {
    }

    /** The window's bounds (size, ISO-8601 duration) and what it holds now. */
    public record Window(int size, String duration, int minAnswers, int answers, int oodAnswers,
            String oldestAnswer) {
    }

    private final OodRateMonitor monitor;
    private final double falseAlarmsPerAnswer;
    private final CloudEventPoster poster;
    private final ObjectMapper json;
    private final Counter failedEvents;
    private final Counter deliveredEvents;
    private final ScheduledThreadPoolExecutor delivery;
    private final String subject = System.getenv("HOSTNAME"); // the pod's name on Kubernetes
    private volatile CloudEventPoster.Delivery lastEvent;

    @Inject
    public OodRateWatch(DiffoodConfig config, MeterRegistry registry, ObjectMapper json) {
        this.json = json;
        monitor = new OodRateMonitor(CoreSettings.monitor(config));
        falseAlarmsPerAnswer = monitor.falseAlarmsPerAnswer();
        DiffoodConfig.Monitor m = config.monitor();
        poster = m.sink().map(sink -> new CloudEventPoster(sink, m.sinkAttempts(), m.sinkBackoff(), m.sinkTimeout()))
                .orElse(null);
        delivery = (ScheduledThreadPoolExecutor) Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "diffood-ood-alarm");
            t.setDaemon(true);
            return t;
        });
        failedEvents = Counter.builder("diffood.alarm.events.failed")
                .description("OOD-rate alarm events not delivered to the sink (after the retries, or dropped)")
                .register(registry);
        deliveredEvents = Counter.builder("diffood.alarm.events.delivered")
                .description("OOD-rate alarm events delivered to the sink").register(registry);
        gauge(registry, "diffood.monitor.window.answers", "answers in this pod's OOD-rate window", s -> s.answers());
        gauge(registry, "diffood.monitor.window.ood.answers", "ood answers in this pod's OOD-rate window",
                s -> s.oodAnswers());
        gauge(registry, "diffood.monitor.window.ood.ratio", "share of ood answers in this pod's window (NaN: empty)",
                s -> s.rate() == null ? Double.NaN : s.rate());
        gauge(registry, "diffood.monitor.window.p.value",
                "exact binomial p-value of this pod's window's ood count at the target false-positive rate",
                OodRateMonitor.Snapshot::pValue);
        gauge(registry, "diffood.monitor.alarm", "1 while this pod's OOD-rate alarm is raised, else 0",
                s -> s.alarm() ? 1 : 0);
    }

    void start(@Observes StartupEvent event) {
        delivery.scheduleWithFixedDelay(() -> handle(monitor.tick(Instant.now())), 1, 1, TimeUnit.SECONDS);
        LOG.infof("OOD-rate alarm: window %d answers / %s, alarm below p = %s, one false alarm per %.3g "
                        + "in-distribution answers at most; events to %s", monitor.settings().windowSize(),
                monitor.settings().windowDuration(), monitor.settings().alarmPValue(),
                1 / falseAlarmsPerAnswer, poster == null ? "no sink (diffood.monitor.sink, K_SINK)"
                        : poster.sink());
    }

    @PreDestroy
    void stop() {
        delivery.shutdownNow();
    }

    /** One answer, from the scoring path: never blocks on the sink. */
    void record(boolean ood) {
        handle(monitor.record(Instant.now(), ood));
    }

    Report report() {
        return report(monitor.snapshot(), lastEvent);
    }

    private Report report(OodRateMonitor.Snapshot s, CloudEventPoster.Delivery event) {
        OodRateMonitor.Settings settings = monitor.settings();
        return new Report(new Window(settings.windowSize(), settings.windowDuration().toString(),
                settings.minAnswers(), s.answers(), s.oodAnswers(), text(s.oldestAnswer())), s.rate(),
                settings.falsePositiveRate(), s.pValue(), "exact one-sided binomial: P[X >= oodAnswers], "
                        + "X ~ Bin(answers, targetRate)", settings.alarmPValue(), settings.clearPValue(),
                s.alarmCount(), s.alarm(), text(s.alarmSince()), falseAlarmsPerAnswer,
                poster == null ? null : poster.sink().toString(), event);
    }

    private void handle(OodRateMonitor.Transition t) {
        if (t.change() == OodRateMonitor.Change.NONE) {
            return;
        }
        String type = t.change() == OodRateMonitor.Change.ALARM ? ALARM : CLEARED;
        String id = UUID.randomUUID().toString();
        Instant time = Instant.now();
        OodRateMonitor.Snapshot w = t.window();
        LOG.warnf("%s: %d ood of %d answers (p = %.3g)%s", type, w.oodAnswers(), w.answers(), w.pValue(),
                t.announce() ? "" : ", not announced: within diffood.monitor.cooldown of the last announced alarm");
        if (!t.announce()) {
            lastEvent = CloudEventPoster.Delivery.notSent(type, id, time, "cooldown");
        } else if (poster == null) {
            lastEvent = CloudEventPoster.Delivery.notSent(type, id, time, "no_sink");
        } else if (delivery.getQueue().size() >= MAX_PENDING) {
            failed(CloudEventPoster.Delivery.notSent(type, id, time, "dropped"));
        } else {
            byte[] data = data(report(w, null));
            lastEvent = CloudEventPoster.Delivery.notSent(type, id, time, "pending");
            try {
                delivery.execute(() -> deliver(type, id, time, data));
            } catch (RejectedExecutionException e) { // shutting down
                failed(CloudEventPoster.Delivery.notSent(type, id, time, "dropped"));
            }
        }
    }

    private void deliver(String type, String id, Instant time, byte[] data) {
        try {
            CloudEventPoster.Delivery d = poster.post(type, id, time, subject, data);
            if (d.delivered()) {
                deliveredEvents.increment();
                lastEvent = d;
                LOG.infof("%s %s delivered to %s", type, id, poster.sink());
            } else {
                failed(d);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(CloudEventPoster.Delivery.notSent(type, id, time, "dropped"));
        } catch (RuntimeException e) { // the delivery thread must live on
            failed(new CloudEventPoster.Delivery(type, id, time.toString(), "failed", 0, null, e.toString()));
        }
    }

    private void failed(CloudEventPoster.Delivery d) {
        failedEvents.increment();
        lastEvent = d;
        LOG.errorf("%s %s not delivered to %s (%s after %d tries); the alarm's state is in GET /monitor and "
                + "the diffood_monitor_alarm gauge", d.type(), d.id(), poster.sink(), d.error() == null ? d.status()
                : d.error(), d.attempts());
    }

    private byte[] data(Report report) {
        try {
            return json.writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report that Jackson cannot write", e);
        }
    }

    private void gauge(MeterRegistry registry, String name, String description,
            ToDoubleFunction<OodRateMonitor.Snapshot> value) {
        Gauge.builder(name, monitor, m -> value.applyAsDouble(m.snapshot())).description(description)
                .strongReference(true).register(registry);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
