package io.diffood.function;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Marks Quarkus' part of the start-up timeline (see {@link EarlyStart}): its boot ends where the start-up event begins,
 * and the HTTP port opens right after the event. {@link ModelLifecycle} logs the timeline once the models are ready.
 */
@ApplicationScoped
public class StartupReport {

    void booted(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        EarlyStart.mark("Quarkus booted");
    }

    void opening(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) StartupEvent event) {
        EarlyStart.mark("HTTP opening");
    }
}
