package io.facefuse.trace;

/** What the labelling function answers for an appended trace entry. */
public record TraceReceipt(long seq, String entryHash) {

    public static TraceReceipt of(TraceEntry entry) {
        return new TraceReceipt(entry.seq, entry.entryHash);
    }
}
