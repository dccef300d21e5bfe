package io.facefuse.apps;

import com.fasterxml.jackson.annotation.JsonValue;
import io.facefuse.problem.ErrorCode;

/** Where an app stands with the operator (seed 000 §3.10, §5; seed 003 §3.6). */
public enum AppStatus {
    ACTIVE(null),
    /** Temporarily blocked by an operator, for example during an investigation. */
    FROZEN(ErrorCode.AppFrozen),
    /** Blocked for cause (repeated violations, arrears) until an operator reinstates it. */
    SUSPENDED(ErrorCode.AppSuspended),
    /** The agreement has ended; the app's data is deleted after its grace period. */
    TERMINATED(ErrorCode.AppTerminated);

    private final ErrorCode refusal;

    AppStatus(ErrorCode refusal) {
        this.refusal = refusal;
    }

    /** The code a request from an app in this status is refused with, or null if it may proceed. */
    public ErrorCode refusal() {
        return refusal;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
