package io.diffood.function;

import io.quarkus.vertx.web.Route;
import jakarta.inject.Inject;

/** {@code GET /monitor}: this pod's OOD-rate window, its binomial test, the alarm and the last alarm event. */
public class MonitorRoute {

    @Inject
    OodRateWatch watch;

    @Route(path = "/monitor", methods = Route.HttpMethod.GET, produces = "application/json")
    OodRateWatch.Report monitor() {
        return watch.report();
    }
}
