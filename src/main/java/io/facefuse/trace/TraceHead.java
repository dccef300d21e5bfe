package io.facefuse.trace;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The single row that records the last entry of the chain. Appends lock it, which orders
 * concurrent appends; verification compares it with the last entry, which reveals a deleted tail.
 */
@Entity
@Table(name = "trace_head")
public class TraceHead extends PanacheEntityBase {

    public static final int ID = 1;

    @Id
    public int id;

    @Column(name = "last_seq")
    public long lastSeq;

    @Column(name = "last_hash")
    public String lastHash;
}
