package io.facefuse.consent;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a subject consents to; each purpose is consented to separately (seed 000 §3.6). */
public enum ConsentPurpose {
    FACE_FUSION;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ConsentPurpose fromWire(String value) {
        for (ConsentPurpose purpose : values()) {
            if (purpose.wireName().equals(value)) {
                return purpose;
            }
        }
        return null;
    }
}
