package io.facefuse.moderation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A step taken against an app (no subject) or one of its subjects, automatic or by an operator. */
@Entity
@Table(name = "account_action")
public class AccountAction extends PanacheEntityBase {

    public enum Kind { warning, restriction, suspension, freeze, unfreeze }

    @Id
    public UUID id;
    @Column(name = "app_id")
    public UUID appId;
    @Column(name = "subject_id")
    public String subjectId;
    @Enumerated(EnumType.STRING)
    public Kind action;
    public String reason;
    public String actor;
    @Column(name = "check_id")
    public UUID checkId;
    public Instant at;
}
