package io.facefuse.functions;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Test profiles that re-build the application with {@code facefuse.function} set, as
 * {@code -Dfacefuse.function=...} does for a deployable build.
 */
public final class FunctionBuilds {

    private FunctionBuilds() {
    }

    public static final class Fusion implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("facefuse.function", "fusion");
        }
    }

    public static final class Moderation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("facefuse.function", "moderation");
        }
    }

    public static final class Labelling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("facefuse.function", "labelling");
        }
    }
}
