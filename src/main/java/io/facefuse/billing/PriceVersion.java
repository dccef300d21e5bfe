package io.facefuse.billing;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A price for one service from a moment on; the latest one in force prices each usage. */
@Entity
@Table(name = "price_version")
public class PriceVersion extends PanacheEntityBase {

    @Id
    public UUID id;
    public String service;
    @Column(name = "unit_price_minor")
    public long unitPriceMinor;
    public String currency;
    @Column(name = "effective_from")
    public Instant effectiveFrom;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
}
