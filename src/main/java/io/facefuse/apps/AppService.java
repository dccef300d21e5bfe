package io.facefuse.apps;

import io.facefuse.clients.TraceRecorder;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.security.Caller;
import io.facefuse.trace.TraceEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Registers apps, issues and revokes their keys, and changes their standing. */
@ApplicationScoped
public class AppService {

    private static final Base64.Encoder KEY_TEXT = Base64.getUrlEncoder().withoutPadding();

    private final CredentialCipher cipher;
    private final TraceRecorder trace;
    private final SecureRandom random = new SecureRandom();

    AppService(CredentialCipher cipher, TraceRecorder trace) {
        this.cipher = cipher;
        this.trace = trace;
    }

    public Uni<AppViews.CreatedApp> create(AppViews.NewApp request, Caller operator) {
        Instant now = now();
        App app = new App();
        app.id = UUID.randomUUID();
        app.name = request.name();
        app.developer = request.developer();
        app.privacyPolicyUrl = request.privacyPolicyUrl();
        app.userAgreementUrl = request.userAgreementUrl();
        app.rateLimitPerSecond = request.rateLimitPerSecond();
        app.status = AppStatus.ACTIVE;
        app.createdAt = now;
        app.updatedAt = now;
        return Panache.withTransaction(() -> app.persist()
                .flatMap(ignored -> issue(app.id, now))
                .call(issued -> trace.record(TraceEvent.of(operator.actor(), app.id, null, "app.create", "ok",
                        "key " + issued.keyId())))
                .map(issued -> new AppViews.CreatedApp(AppViews.AppView.of(app, null), issued)));
    }

    public Uni<List<AppViews.AppView>> list(int offset, int limit) {
        return Panache.withSession(() -> App.<App>find("order by createdAt, id").range(offset, offset + limit - 1).list()
                .map(apps -> apps.stream().map(a -> AppViews.AppView.of(a, null)).toList()));
    }

    public Uni<AppViews.AppView> get(UUID appId) {
        return Panache.withSession(() -> find(appId).flatMap(app -> AppCredential.<AppCredential>list(
                "appId = ?1 order by createdAt", appId).map(credentials -> AppViews.AppView.of(app, credentials))));
    }

    public Uni<AppViews.AppView> changeStatus(UUID appId, AppViews.StatusChange change, Caller operator) {
        return Panache.withTransaction(() -> find(appId).flatMap(app -> {
            AppStatus before = app.status;
            app.status = change.status();
            app.statusReason = change.reason();
            app.updatedAt = now();
            return trace.record(TraceEvent.of(operator.actor(), app.id, null, "app.status", "ok",
                            before.wireName() + " -> " + change.status().wireName() + ": " + change.reason()))
                    .replaceWith(AppViews.AppView.of(app, null));
        }));
    }

    public Uni<AppViews.AppView> setLabelExemption(UUID appId, AppViews.LabelExemption exemption, Caller operator) {
        return Panache.withTransaction(() -> find(appId).flatMap(app -> {
            app.visibleLabelOptional = exemption.visibleLabelOptional();
            app.visibleLabelOptionalReason = exemption.reason();
            app.updatedAt = now();
            return trace.record(TraceEvent.of(operator.actor(), app.id, null, "app.label_exemption", "ok",
                            "visible label optional: " + exemption.visibleLabelOptional() + ": " + exemption.reason()))
                    .replaceWith(AppViews.AppView.of(app, null));
        }));
    }

    public Uni<AppViews.AppView> setInlineTemplates(UUID appId, AppViews.InlineTemplates decision, Caller operator) {
        return Panache.withTransaction(() -> find(appId).flatMap(app -> {
            app.inlineTemplatesAllowed = decision.allowed();
            app.inlineTemplatesReason = decision.reason();
            app.updatedAt = now();
            return trace.record(TraceEvent.of(operator.actor(), app.id, null, "app.inline_templates", "ok",
                            "inline templates allowed: " + decision.allowed() + ": " + decision.reason()))
                    .replaceWith(AppViews.AppView.of(app, null));
        }));
    }

    public Uni<AppViews.AppView> setLimits(UUID appId, AppViews.Limits limits, Caller operator) {
        return Panache.withTransaction(() -> find(appId).flatMap(app -> {
            app.rateLimitPerSecond = limits.rateLimitPerSecond();
            app.burst = limits.burst();
            app.dailyQuota = limits.dailyQuota();
            app.updatedAt = now();
            return trace.record(TraceEvent.of(operator.actor(), app.id, null, "app.limits", "ok",
                            limits.rateLimitPerSecond() + "/s, burst " + limits.burst() + ", daily quota "
                                    + limits.dailyQuota() + ": " + limits.reason()))
                    .replaceWith(AppViews.AppView.of(app, null));
        }));
    }

    public Uni<AppViews.AppView> setRetention(UUID appId, AppViews.Retention retention, Caller operator) {
        return Panache.withTransaction(() -> find(appId).flatMap(app -> {
            app.resultRetentionDays = retention.resultDays();
            app.updatedAt = now();
            return trace.record(TraceEvent.of(operator.actor(), app.id, null, "app.retention", "ok",
                            "results kept " + (retention.resultDays() == null ? "the default" : retention.resultDays() + " days")
                                    + ": " + retention.reason()))
                    .replaceWith(AppViews.AppView.of(app, null));
        }));
    }

    public Uni<AppViews.IssuedCredential> issueCredential(UUID appId, Caller operator) {
        return Panache.withTransaction(() -> find(appId)
                .flatMap(app -> issue(app.id, now()))
                .call(issued -> trace.record(TraceEvent.of(operator.actor(), appId, null, "app.credential.issue",
                        "ok", "key " + issued.keyId()))));
    }

    public Uni<AppViews.CredentialView> revokeCredential(UUID appId, String keyId, Caller operator) {
        return Panache.withTransaction(() -> AppCredential.<AppCredential>findById(keyId).flatMap(credential -> {
            if (credential == null || !credential.appId.equals(appId)) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.CredentialNotFound,
                        "app " + appId + " has no key " + keyId));
            }
            if (credential.revokedAt == null) {
                credential.revokedAt = now();
            }
            return trace.record(TraceEvent.of(operator.actor(), appId, null, "app.credential.revoke", "ok",
                    "key " + keyId)).replaceWith(AppViews.CredentialView.of(credential));
        }));
    }

    private Uni<App> find(UUID appId) {
        return App.<App>findById(appId).onItem().ifNull()
                .failWith(() -> new ApiException(ErrorCode.AppNotFound, "no app " + appId));
    }

    private Uni<AppViews.IssuedCredential> issue(UUID appId, Instant now) {
        AppCredential credential = new AppCredential();
        credential.keyId = "ffk_" + randomText(15);
        String secret = "ffs_" + randomText(32);
        credential.appId = appId;
        credential.secretCiphertext = cipher.encrypt(credential.keyId, secret);
        credential.createdAt = now;
        return credential.persist().replaceWith(new AppViews.IssuedCredential(credential.keyId, secret, now));
    }

    private String randomText(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return KEY_TEXT.encodeToString(raw);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
