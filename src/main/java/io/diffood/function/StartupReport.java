package io.diffood.function;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/** Logs where the start-up went (see {@link EarlyStart}): Quarkus' boot ends where the start-up event begins. */
@ApplicationScoped
public class StartupReport {

    private static final Logger LOG = Logger.getLogger(StartupReport.class);

    void booted(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        EarlyStart.mark("Quarkus booted");
    }

    void ready(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) StartupEvent event) {
        EarlyStart.mark("ready");
        LOG.info(EarlyStart.timeline());
    }
}
