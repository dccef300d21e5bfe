package io.facefuse.models;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when every model this function needs has loaded; the reason for each one that has not. */
@Readiness
@ApplicationScoped
public class ModelsReadiness implements HealthCheck {

    private final Models models;

    ModelsReadiness(Models models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        ModelRegistry registry = models.registry();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("models").status(registry.failures().isEmpty());
        registry.loadMillis().forEach((spec, millis) -> response.withData(spec.fileName(), "loaded in " + millis + " ms"));
        registry.failures().forEach((spec, why) -> response.withData(spec.fileName(), why));
        return response.build();
    }
}
