package io.facefuse.apps;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Encrypts app secrets at rest with AES-256-GCM under the master key from configuration
 * ({@code facefuse.credentials.master-key}; deployed, from Secrets Manager). The server must know a
 * secret to check an HMAC, so a one-way hash cannot serve; a database dump without the master key
 * reveals no secret. The key id is bound as associated data, so a ciphertext cannot be moved to
 * another key id.
 */
@ApplicationScoped
public class CredentialCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Optional<String> masterKeyBase64;
    private final SecureRandom random = new SecureRandom();
    private volatile SecretKeySpec key;

    CredentialCipher(@ConfigProperty(name = "facefuse.credentials.master-key") Optional<String> masterKeyBase64) {
        this.masterKeyBase64 = masterKeyBase64;
    }

    public byte[] encrypt(String keyId, String secret) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, keyId, iv, secret.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
    }

    public String decrypt(String keyId, byte[] stored) {
        ByteBuffer in = ByteBuffer.wrap(stored);
        byte[] iv = new byte[IV_BYTES];
        in.get(iv);
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        return new String(run(Cipher.DECRYPT_MODE, keyId, iv, sealed), StandardCharsets.UTF_8);
    }

    private byte[] run(int mode, String keyId, byte[] iv, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("credential encryption failed for key " + keyId, e);
        }
    }

    private SecretKeySpec key() {
        if (key == null) {
            byte[] raw = Base64.getDecoder().decode(masterKeyBase64.orElseThrow(() -> new IllegalStateException(
                    "facefuse.credentials.master-key is not set: give it 32 random bytes, base64-encoded")));
            if (raw.length != 32) {
                throw new IllegalStateException("facefuse.credentials.master-key must be 32 bytes, base64-encoded");
            }
            key = new SecretKeySpec(raw, "AES");
        }
        return key;
    }
}
