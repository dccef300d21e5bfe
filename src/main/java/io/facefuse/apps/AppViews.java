package io.facefuse.apps;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.URL;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON shapes of the app endpoints. */
public final class AppViews {

    private AppViews() {
    }

    /** An operator registers an app; both policy URLs are required (seed 000 §3.2(2), 003 §3.3.4). */
    public record NewApp(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 200) String developer,
            @NotBlank @URL(protocol = "https") @Size(max = 2000) String privacyPolicyUrl,
            @NotBlank @URL(protocol = "https") @Size(max = 2000) String userAgreementUrl,
            @NotNull @Min(1) @Max(10_000) Integer rateLimitPerSecond) {
    }

    /** An operator's decision on whether the app may omit the visible label, and why. */
    public record LabelExemption(@NotNull Boolean visibleLabelOptional, @NotBlank @Size(max = 1000) String reason) {
    }

    /** An operator's decision on whether the app may send templates inline, and why. */
    public record InlineTemplates(@NotNull Boolean allowed, @NotBlank @Size(max = 1000) String reason) {
    }

    /** The app's rate limit, its burst (null: the rate) and its daily quota (null: none). */
    public record Limits(@NotNull @jakarta.validation.constraints.Min(1) @Max(10_000) Integer rateLimitPerSecond,
                         @jakarta.validation.constraints.Min(1) @Max(100_000) Integer burst,
                         @jakarta.validation.constraints.Min(1) @Max(100_000_000) Integer dailyQuota,
                         @NotBlank @Size(max = 1000) String reason) {
    }

    /** Days the app's stored results are kept (1-30), or null for the default. */
    public record Retention(@jakarta.validation.constraints.Min(1) @Max(30) Integer resultDays,
                            @NotBlank @Size(max = 1000) String reason) {
    }

    public record StatusChange(@NotNull AppStatus status, @NotBlank @Size(max = 1000) String reason) {
    }

    public record CredentialView(String keyId, Instant createdAt, Instant revokedAt) {
        static CredentialView of(AppCredential c) {
            return new CredentialView(c.keyId, c.createdAt, c.revokedAt);
        }
    }

    /** A freshly issued credential: the only time the secret is ever shown. */
    public record IssuedCredential(String keyId, String secret, Instant createdAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AppView(UUID id, String name, String developer, String privacyPolicyUrl, String userAgreementUrl,
                          int rateLimitPerSecond, AppStatus status, String statusReason, boolean visibleLabelOptional,
                          boolean inlineTemplatesAllowed, Instant createdAt, Instant updatedAt,
                          List<CredentialView> credentials) {
        static AppView of(App app, List<AppCredential> credentials) {
            return new AppView(app.id, app.name, app.developer, app.privacyPolicyUrl, app.userAgreementUrl,
                    app.rateLimitPerSecond, app.status, app.statusReason, app.visibleLabelOptional,
                    app.inlineTemplatesAllowed, app.createdAt, app.updatedAt,
                    credentials == null ? null : credentials.stream().map(CredentialView::of).toList());
        }
    }

    public record CreatedApp(AppView app, IssuedCredential credential) {
    }
}
