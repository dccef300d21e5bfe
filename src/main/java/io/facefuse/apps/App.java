package io.facefuse.apps;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A developer's application registered with facefuse (seed 003 §3.1). */
@Entity
@Table(name = "app")
public class App extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    public String developer;

    @Column(name = "privacy_policy_url")
    public String privacyPolicyUrl;

    @Column(name = "user_agreement_url")
    public String userAgreementUrl;

    @Column(name = "rate_limit_per_second")
    public int rateLimitPerSecond;

    @Enumerated(EnumType.STRING)
    public AppStatus status;

    @Column(name = "status_reason")
    public String statusReason;

    /** An operator allowed this app to omit the visible label (the metadata label stays). */
    @Column(name = "visible_label_optional")
    public boolean visibleLabelOptional;

    @Column(name = "visible_label_optional_reason")
    public String visibleLabelOptionalReason;

    /** An operator allowed this app to send templates inline with a fusion request. */
    @Column(name = "inline_templates_allowed")
    public boolean inlineTemplatesAllowed;

    @Column(name = "inline_templates_reason")
    public String inlineTemplatesReason;

    /** Requests the rate limit lets through at once (the token bucket's size); null: the rate itself. */
    public Integer burst;

    /** Requests a UTC day (fusions, template uploads, checks); null: no quota. */
    @Column(name = "daily_quota")
    public Integer dailyQuota;

    /** Days this app's stored results are kept; null: the default. */
    @Column(name = "result_retention_days")
    public Integer resultRetentionDays;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
