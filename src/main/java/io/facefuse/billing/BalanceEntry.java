package io.facefuse.billing;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One movement of a prepaid account: the balance is always the sum of its entries. */
@Entity
@Table(name = "balance_entry")
public class BalanceEntry extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "app_id")
    public UUID appId;
    public String kind;
    @Column(name = "amount_minor")
    public long amountMinor;
    public int units;
    public String note;
    public String actor;
    @Column(name = "created_at")
    public Instant createdAt;
}
