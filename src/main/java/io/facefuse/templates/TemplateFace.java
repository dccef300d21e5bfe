package io.facefuse.templates;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.UUID;

/** One face of a template, analysed once at upload: its box, landmarks and skin colour. */
@Entity
@Table(name = "template_face")
@IdClass(TemplateFace.Key.class)
public class TemplateFace extends PanacheEntityBase {

    /** The composite key JPA needs: a template's id and the face's number within it. */
    public static class Key implements Serializable {
        public UUID templateId;
        public int faceId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && java.util.Objects.equals(templateId, key.templateId) && faceId == key.faceId;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(templateId, faceId);
        }
    }

    @Id
    @Column(name = "template_id")
    public UUID templateId;
    @Id
    @Column(name = "face_id")
    public int faceId;
    public int x;
    public int y;
    public int width;
    public int height;
    public boolean usable;
    public String problem;
    /** 468 × (x, y, z) little-endian float32, in the template's pixels. */
    public byte[] landmarks;
    @Column(name = "mean_l")
    public double meanL;
    @Column(name = "mean_a")
    public double meanA;
    @Column(name = "mean_b")
    public double meanB;
    @Column(name = "sd_l")
    public double sdL;
    @Column(name = "sd_a")
    public double sdA;
    @Column(name = "sd_b")
    public double sdB;
    /** A hand was found in front of the face at upload (fusion keeps it in front). */
    @Column(name = "hands_in_front")
    public boolean handsInFront;
    /** Sunglasses were found on the face at upload (fusion keeps them in front). */
    @Column(name = "glasses_in_front")
    public boolean glassesInFront;
}
