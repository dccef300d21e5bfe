package io.facefuse.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Trace entries held back: the labelling function labels an output before it is known to leave (the
 * fusion function has it labelled while moderation checks it), so instead of appending the label's
 * {@code label.apply} entry it signs it into a receipt. The fusion function hands the receipt back
 * with its own entry once the output is released ({@link TraceLog#release}), and cannot forge or
 * alter one. A receipt is {@code base64url(event JSON) "." base64url(HMAC-SHA256)}, keyed by a key
 * derived from the labelling function's metadata signing key ({@code facefuse.labelling.signing-key}:
 * no new secret to deploy, and a metadata signature can never pass for a receipt).
 */
@ApplicationScoped
public class HeldEntries {

    private static final Base64.Encoder TEXT = Base64.getUrlEncoder().withoutPadding();
    private static final byte[] PURPOSE = "facefuse held trace entry v1".getBytes(StandardCharsets.US_ASCII);

    private final Optional<String> signingKey;
    private final ObjectMapper json;
    private volatile byte[] key;

    HeldEntries(@ConfigProperty(name = "facefuse.labelling.signing-key") Optional<String> signingKey, ObjectMapper json) {
        this.signingKey = signingKey;
        this.json = json;
    }

    /** The receipt of an entry held back. */
    public String issue(TraceEvent event) {
        try {
            byte[] body = json.writeValueAsBytes(event);
            return TEXT.encodeToString(body) + "." + TEXT.encodeToString(mac(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event a receipt carries, if this labelling function signed it and it is unchanged. */
    public TraceEvent verified(String receipt) {
        int dot = receipt.indexOf('.');
        try {
            if (dot > 0) {
                byte[] body = Base64.getUrlDecoder().decode(receipt.substring(0, dot));
                byte[] tag = Base64.getUrlDecoder().decode(receipt.substring(dot + 1));
                if (MessageDigest.isEqual(mac(body), tag)) {
                    return json.readValue(body, TraceEvent.class);
                }
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            // not base64 or not an event: refused below like any other receipt that does not verify
        }
        throw new ApiException(ErrorCode.ValidationFailed, "the receipt does not verify");
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key() {
        byte[] current = key;
        if (current == null) {
            byte[] base = Base64.getDecoder().decode(signingKey.orElseThrow(() -> new IllegalStateException(
                    "facefuse.labelling.signing-key is not set: give it 32 random bytes, base64-encoded")));
            try {
                Mac derive = Mac.getInstance("HmacSHA256");
                derive.init(new SecretKeySpec(base, "HmacSHA256"));
                current = derive.doFinal(PURPOSE);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            key = current;
        }
        return current;
    }
}
