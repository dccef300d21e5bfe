package io.facefuse.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configuration of request authentication, one mapping per key prefix. */
public final class SecurityConfig {

    private SecurityConfig() {
    }

    @ConfigMapping(prefix = "facefuse.signing")
    public interface Signing {
        /** How far a request's timestamp may lie from the server's clock, either way. */
        @WithDefault("PT5M")
        Duration maxSkew();
    }

    @ConfigMapping(prefix = "facefuse.operators")
    public interface Operators {
        /** Operator name to the lowercase hex SHA-256 of that operator's token. */
        Map<String, String> tokens();
    }

    @ConfigMapping(prefix = "facefuse.internal")
    public interface Internal {
        /** Shared token on calls between the functions (the /internal routes). */
        Optional<String> token();
    }

    @ConfigMapping(prefix = "facefuse.http")
    public interface Http {
        @WithDefault("6291456")
        int maxBodyBytes();

        /**
         * Function URL hosts that serve only public and app routes: a function's second, public
         * URL (labelling's), next to its IAM-authenticated one. Empty: every route on every URL.
         */
        Optional<List<String>> publicOnlyHosts();
    }

    @ConfigMapping(prefix = "facefuse.public-routes")
    public interface PublicRoutes {
        /** Requests a second one client address may make to the public routes (inspection, reports), sustained. */
        @WithDefault("1")
        double ratePerSecond();

        /** How many it may make at once. */
        @WithDefault("20")
        int burst();
    }

    @ConfigMapping(prefix = "facefuse.lambda")
    public interface Lambda {
        /** Accept housekeeping from direct Lambda invocations, which only IAM principals can make. */
        @WithDefault("false")
        boolean directHousekeeping();
    }
}
