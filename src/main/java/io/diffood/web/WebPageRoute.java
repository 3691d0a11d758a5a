package io.diffood.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Serves the web page (src/main/resources/META-INF/resources/index.html) at GET /. Quarkus serves every other
 * static file itself, but Funqy's CloudEvents handler owns the route "/" and answers a plain GET there with 404
 * (no function has the name ""). This route runs first (order -1) and hands GET and HEAD of "/" to the static
 * index page; anything that looks like a CloudEvent (a ce-id header or a cloudevents content type) and every
 * POST still go to Funqy.
 */
@ApplicationScoped
public class WebPageRoute {

    static final String INDEX = "/index.html";

    void install(@Observes Router router) {
        router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD).order(-1).handler(this::page);
    }

    void page(RoutingContext rc) {
        String contentType = rc.request().getHeader("Content-Type");
        boolean cloudEvent = rc.request().headers().contains("ce-id")
                || (contentType != null && contentType.startsWith("application/cloudevents"));
        if (cloudEvent) {
            rc.next();
        } else {
            rc.reroute(INDEX);
        }
    }
}
