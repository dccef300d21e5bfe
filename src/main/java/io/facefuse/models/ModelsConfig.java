package io.facefuse.models;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

@ConfigMapping(prefix = "facefuse.models")
public interface ModelsConfig {

    /**
     * Which models this process loads at start: {@code all}, {@code none}, or a comma-separated
     * list of names (blazeface, facemesh, faceres, gear, nsfw, selfie, blend). Each function's
     * profile names the models it runs (application.properties).
     */
    @WithDefault("all")
    String load();

    /** A directory holding the .pt files (container images); by default they come from the classpath. */
    Optional<Path> dir();
}
