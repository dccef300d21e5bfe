package io.facefuse.trace;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.UUID;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record TraceEntryView(long seq, Instant occurredAt, String actor, UUID appId, String subjectId,
                             String operation, String inputHash, String outputHash, String contentId,
                             String outcome, String detail, String prevHash, String entryHash) {

    public static TraceEntryView of(TraceEntry e) {
        return new TraceEntryView(e.seq, e.occurredAt, e.actor, e.appId, e.subjectId, e.operation, e.inputHash,
                e.outputHash, e.contentId, e.outcome, e.detail, e.prevHash, e.entryHash);
    }
}
