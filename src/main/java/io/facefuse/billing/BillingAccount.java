package io.facefuse.billing;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An app's account: prepaid (a balance and free units, drawn down) or postpaid (a monthly statement). */
@Entity
@Table(name = "billing_account")
public class BillingAccount extends PanacheEntityBase {

    public enum Mode { prepaid, postpaid }

    @Id
    @Column(name = "app_id")
    public UUID appId;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Mode mode;
    @Column(name = "balance_minor")
    public long balanceMinor;
    @Column(name = "free_units")
    public int freeUnits;
    /** Set while a postpaid app has an unpaid statement; after the grace period the app is suspended. */
    @Column(name = "arrears_since")
    public Instant arrearsSince;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
