package io.facefuse.consent;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class ConsentViews {

    private ConsentViews() {
    }

    /**
     * A subject's consent as the app collected it. The two notices of seed 000 §3.5 must have been
     * shown: that face keypoints are extracted, and that only one's own or authorised photos may be
     * uploaded.
     */
    public record Grant(
            @NotNull ConsentPurpose purpose,
            @NotBlank @Size(max = 64) String noticeVersion,
            @NotNull Boolean keypointsNoticeShown,
            @NotNull Boolean ownPhotosNoticeShown,
            @NotNull Boolean identityVerified,
            @PastOrPresent Instant identityVerifiedAt,
            Boolean guardianConsent,
            @PastOrPresent Instant consentedAt) {
    }

    /** Corrected attributes of the consent in force; absent ones stay as they were. A reason is required. */
    public record Correction(Boolean identityVerified, @PastOrPresent Instant identityVerifiedAt, Boolean guardianConsent,
                             @NotBlank @Size(max = 1000) String reason) {
    }

    public record Withdrawal(@Size(max = 1000) String reason, @PastOrPresent Instant withdrawnAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventView(UUID id, ConsentPurpose purpose, String action, String noticeVersion,
                            Boolean keypointsNoticeShown, Boolean ownPhotosNoticeShown, Boolean identityVerified,
                            Instant identityVerifiedAt, Boolean guardianConsent, String reason, Instant occurredAt,
                            Instant recordedAt) {
        static EventView of(ConsentEvent e) {
            return new EventView(e.id, e.purpose, e.action.name().toLowerCase(java.util.Locale.ROOT),
                    e.noticeVersion, e.keypointsNoticeShown, e.ownPhotosNoticeShown, e.identityVerified,
                    e.identityVerifiedAt, e.guardianConsent, e.reason, e.occurredAt, e.recordedAt);
        }
    }

    /** Where a subject stands for one purpose, with every grant and withdrawal, oldest first. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConsentState(String subjectId, ConsentPurpose purpose, boolean mayProcessFace, String refusalCode,
                               EventView current, List<EventView> history) {
    }

    public record SubjectConsents(String subjectId, List<ConsentState> purposes) {
    }
}
