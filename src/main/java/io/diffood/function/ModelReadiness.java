package io.diffood.function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once both models are loaded and a warm-up inference has run; otherwise DOWN with the reason: the models
 * failed to load, the scoring worker stopped, or (from the SIGTERM on) {@code shutting down}.
 */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    @Inject
    ModelLifecycle lifecycle;

    @Inject
    RequestGuard guard;

    @Override
    public HealthCheckResponse call() {
        String reason = guard.shuttingDown() ? "shutting down" : lifecycle.unavailableReason();
        if (reason == null) {
            reason = lifecycle.batcher().failure().orElse(null);
        }
        return HealthCheckResponse.named("models")
                .status(reason == null)
                .withData("reason", reason == null ? "ready" : reason)
                .build();
    }
}
