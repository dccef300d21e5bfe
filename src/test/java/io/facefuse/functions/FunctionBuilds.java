package io.facefuse.functions;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Test profiles that re-build the application with {@code facefuse.function} set, as
 * {@code -Dfacefuse.function=...} does for a deployable build, and run it under the function's
 * profile too ({@code test,<function>}, as a deployed function runs under {@code prod,<function>}),
 * so that the function's own settings, such as the models it loads, are the ones tested.
 */
public final class FunctionBuilds {

    private FunctionBuilds() {
    }

    /**
     * Each build also gets ports of its own: the Lambda poll loop of the application a profile
     * switch stopped can still be reconnecting to the old port, and would take the new one's events.
     */
    private static Map<String, String> overrides(String function, int port) {
        return Map.of("facefuse.function", function,
                "quarkus.lambda.mock-event-server.test-port", Integer.toString(port),
                "quarkus.http.test-port", Integer.toString(port),
                "facefuse.internal-listener.port", Integer.toString(port + 10));
    }

    public static final class Fusion implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return overrides("fusion", 8082);
        }

        @Override
        public String getConfigProfile() {
            return "test,fusion";
        }
    }

    public static final class Moderation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return overrides("moderation", 8083);
        }

        @Override
        public String getConfigProfile() {
            return "test,moderation";
        }
    }

    public static final class Labelling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return overrides("labelling", 8084);
        }

        @Override
        public String getConfigProfile() {
            return "test,labelling";
        }
    }
}
