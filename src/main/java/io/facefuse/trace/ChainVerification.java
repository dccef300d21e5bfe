package io.facefuse.trace;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The outcome of re-computing the trace chain: valid, or where and why it first breaks. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainVerification(boolean valid, long entriesChecked, long lastSeq, Long firstBrokenSeq,
                                String reason) {

    static ChainVerification valid(long checked, long lastSeq) {
        return new ChainVerification(true, checked, lastSeq, null, null);
    }

    static ChainVerification broken(long checked, long lastSeq, long seq, String reason) {
        return new ChainVerification(false, checked, lastSeq, seq, reason);
    }
}
