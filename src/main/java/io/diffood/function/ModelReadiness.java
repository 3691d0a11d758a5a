package io.diffood.function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once both models are loaded and a warm-up inference has run; otherwise DOWN with the reason. */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    @Inject
    ModelLifecycle lifecycle;

    @Override
    public HealthCheckResponse call() {
        String reason = lifecycle.unavailableReason();
        return HealthCheckResponse.named("models")
                .status(reason == null)
                .withData("reason", reason == null ? "ready" : reason)
                .build();
    }
}
