package io.facefuse.labelling;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The logo an app uploaded to be drawn into its labelled images, as a PNG or JPEG. */
@Entity
@Table(name = "app_label_logo")
public class LabelLogo extends PanacheEntityBase {

    @Id
    @Column(name = "app_id")
    public UUID appId;

    public byte[] image;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
