package io.facefuse.apps;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An app's signing key. The secret is kept only encrypted ({@link CredentialCipher}). */
@Entity
@Table(name = "app_credential")
public class AppCredential extends PanacheEntityBase {

    @Id
    @Column(name = "key_id")
    public String keyId;

    @Column(name = "app_id")
    public UUID appId;

    @Column(name = "secret_ciphertext")
    public byte[] secretCiphertext;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public boolean isActive() {
        return revokedAt == null;
    }
}
