package io.facefuse.models;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The process's one {@link ModelRegistry}, loaded at start so that the first request does not pay
 * for it and a missing or corrupt model shows in the readiness check rather than in a request.
 */
@Startup
@ApplicationScoped
public class Models {

    private static final Logger LOG = Logger.getLogger(Models.class);

    private final ModelRegistry registry;

    Models(ModelsConfig config) {
        this.registry = ModelRegistry.load(selected(config.load()), config.dir());
        registry.failures().forEach((spec, why) -> LOG.errorf("model %s failed to load: %s", spec.fileName(), why));
        LOG.infof("models loaded: %s", registry.loadMillis());
    }

    public ModelRegistry registry() {
        return registry;
    }

    static Set<ModelSpec> selected(String load) {
        String value = load.trim().toLowerCase(Locale.ROOT);
        if (value.equals("all")) {
            return EnumSet.allOf(ModelSpec.class);
        }
        if (value.equals("none") || value.isEmpty()) {
            return EnumSet.noneOf(ModelSpec.class);
        }
        Set<ModelSpec> specs = EnumSet.noneOf(ModelSpec.class);
        for (String name : value.split(",")) {
            specs.add(Arrays.stream(ModelSpec.values()).filter(s -> s.fileName().equals(name.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("facefuse.models.load: no model " + name.trim())));
        }
        return specs;
    }

    @PreDestroy
    void close() {
        registry.close();
    }
}
