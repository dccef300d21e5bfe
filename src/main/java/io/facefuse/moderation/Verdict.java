package io.facefuse.moderation;

/** A check's outcome, in rising severity. */
public enum Verdict {
    pass, review, block;

    public Verdict worst(Verdict other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
