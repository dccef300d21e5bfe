package io.facefuse.moderation;

import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Per-app moderation policies: an operator's own for the app, or the configured defaults. */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class PolicyService {

    private final ModerationDefaults defaults;

    PolicyService(ModerationDefaults defaults) {
        this.defaults = defaults;
    }

    /** Needs a session. */
    public Uni<ModerationPolicy> policy(UUID appId) {
        return PolicyRecord.<PolicyRecord>findById(appId).map(found -> found == null ? defaults.policy() : found.policy());
    }

    public Uni<ModerationPolicy> set(UUID appId, ModerationPolicy policy, String operator) {
        if (policy.blockFrom() < policy.reviewFrom()) {
            throw new ApiException(ErrorCode.ValidationFailed, "blockFrom must not be below reviewFrom");
        }
        return Panache.withTransaction(() -> PolicyRecord.<PolicyRecord>findById(appId).flatMap(found -> {
            PolicyRecord record = found == null ? new PolicyRecord() : found;
            record.appId = appId;
            record.set(policy);
            record.updatedBy = operator;
            record.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return found == null ? record.<PolicyRecord>persist() : Uni.createFrom().item(record);
        })).map(PolicyRecord::policy);
    }

    /** Back to the defaults. */
    public Uni<ModerationPolicy> reset(UUID appId) {
        return Panache.withTransaction(() -> PolicyRecord.deleteById(appId)).map(ignored -> defaults.policy());
    }
}
