package io.facefuse.labelling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.trace.TraceEvent;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Receipts for labels whose trace entry is held back until the output is released: the
 * {@code label.apply} event the labelling function would have appended, signed by it, so that the
 * fusion function can hand it back with its own entry once the output has passed moderation and
 * been recorded, and cannot forge or alter one. A receipt is {@code base64url(event JSON) "."
 * base64url(HMAC-SHA256)}, keyed by a key derived from the metadata signing key (so no new secret
 * to deploy, and a metadata signature can never pass for a receipt).
 */
@ApplicationScoped
public class LabelReceipts {

    private static final Base64.Encoder TEXT = Base64.getUrlEncoder().withoutPadding();
    private static final byte[] PURPOSE = "facefuse label receipt v1".getBytes(StandardCharsets.US_ASCII);

    private final LabellingConfig config;
    private final ObjectMapper json;
    private volatile byte[] key;

    LabelReceipts(LabellingConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    String issue(TraceEvent event) {
        try {
            byte[] body = json.writeValueAsBytes(event);
            return TEXT.encodeToString(body) + "." + TEXT.encodeToString(mac(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event a receipt carries, if this labelling function signed it and it is unchanged. */
    TraceEvent verified(String receipt) {
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
        throw new ApiException(ErrorCode.ValidationFailed, "the label receipt does not verify");
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
            byte[] signingKey = Base64.getDecoder().decode(config.signingKey().orElseThrow(() -> new IllegalStateException(
                    "facefuse.labelling.signing-key is not set: give it 32 random bytes, base64-encoded")));
            try {
                Mac derive = Mac.getInstance("HmacSHA256");
                derive.init(new SecretKeySpec(signingKey, "HmacSHA256"));
                current = derive.doFinal(PURPOSE);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            key = current;
        }
        return current;
    }
}
