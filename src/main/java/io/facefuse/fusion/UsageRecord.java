package io.facefuse.fusion;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One billable output (seed 000 §1.3): written with its fusion, in the same transaction, once. */
@Entity
@Table(name = "usage_record")
public class UsageRecord extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "app_id")
    public UUID appId;
    @Column(name = "subject_id")
    public String subjectId;
    @Column(name = "fusion_id")
    public UUID fusionId;
    public String service;
    public int units;
    /** The price version in force when the output was made (null while no price is set). */
    @Column(name = "price_version_id")
    public UUID priceVersionId;
    @Column(name = "amount_minor")
    public long amountMinor;
    public String currency;
    /** free_units, balance (prepaid) or invoice (postpaid). */
    @Column(name = "paid_with")
    public String paidWith;
    @Column(name = "created_at")
    public Instant createdAt;
}
