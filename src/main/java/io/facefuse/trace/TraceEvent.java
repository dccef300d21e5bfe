package io.facefuse.trace;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/**
 * One thing that happened, as a function reports it to the trace log: who did it, for which app
 * and subject, what, on which input and output (by SHA-256, never the media), and how it ended.
 */
public record TraceEvent(
        @NotBlank @Size(max = 200) String actor,
        UUID appId,
        @Size(max = 128) String subjectId,
        @NotBlank @Size(max = 64) @Pattern(regexp = "[a-z][a-z0-9_.]*") String operation,
        @Pattern(regexp = "[0-9a-f]{64}") String inputHash,
        @Pattern(regexp = "[0-9a-f]{64}") String outputHash,
        @Size(max = 64) String contentId,
        @NotBlank @Size(max = 64) String outcome,
        @Size(max = 1000) String detail) {

    public static TraceEvent of(String actor, UUID appId, String subjectId, String operation, String outcome,
                                String detail) {
        return new TraceEvent(actor, appId, subjectId, operation, null, null, null, outcome, detail);
    }
}
