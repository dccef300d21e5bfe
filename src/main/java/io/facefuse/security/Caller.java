package io.facefuse.security;

import java.util.UUID;

/** Who made the current request, as established by {@link RequestAuthenticationFilter}. */
public record Caller(Kind kind, String name, UUID appId, String keyId) {

    public enum Kind {
        /** Anyone: health, label detection, public reports. */
        PUBLIC,
        /** A registered app, by a request signed with its key. */
        APP,
        /** A person who runs facefuse, by an operator token. */
        OPERATOR,
        /** Another facefuse function, by the internal service token. */
        SERVICE,
        /**
         * What drives housekeeping: a direct Lambda invocation (IAM-authorised: EventBridge
         * Scheduler) where {@code facefuse.lambda.direct-housekeeping} allows it, or another
         * facefuse function with the service token.
         */
        SCHEDULER
    }

    public static Caller anonymous() {
        return new Caller(Kind.PUBLIC, "anonymous", null, null);
    }

    public static Caller app(UUID appId, String keyId) {
        return new Caller(Kind.APP, "app:" + appId, appId, keyId);
    }

    public static Caller operator(String name) {
        return new Caller(Kind.OPERATOR, "operator:" + name, null, null);
    }

    public static Caller service() {
        return new Caller(Kind.SERVICE, "service", null, null);
    }

    public static Caller scheduler() {
        return new Caller(Kind.SCHEDULER, "scheduler", null, null);
    }

    /** The actor written into the trace log. */
    public String actor() {
        return name;
    }
}
