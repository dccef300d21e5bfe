package io.facefuse.support;

import io.facefuse.security.RequestSignature;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Signs requests the way an app must (docs/signing.md), with knobs to get each part wrong. The
 * signature is computed here from the documented string to sign, independently of the server's
 * verifier, only sharing {@link RequestSignature#stringToSign} which the unit test pins down.
 */
public record Signer(String keyId, String secret) {

    public static String freshNonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    public RequestSpecification request(String method, String pathAndQuery, String body) {
        return request(method, pathAndQuery, body, Instant.now().getEpochSecond(), freshNonce());
    }

    public RequestSpecification request(String method, String pathAndQuery, String body, long timestamp, String nonce) {
        return request(method, pathAndQuery, body, timestamp, nonce, secret);
    }

    /** A signed request with a binary body of the given content type. */
    public RequestSpecification request(String method, String pathAndQuery, byte[] body, String contentType) {
        RequestSpecification spec = signed(method, pathAndQuery, body, Instant.now().getEpochSecond(), freshNonce(), secret);
        return spec.contentType(contentType).body(body);
    }

    public RequestSpecification request(String method, String pathAndQuery, String body, long timestamp, String nonce,
                                        String signingSecret) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        RequestSpecification spec = signed(method, pathAndQuery, bytes, timestamp, nonce, signingSecret);
        if (body != null) {
            spec = spec.contentType("application/json").body(bytes);
        }
        return spec;
    }

    private RequestSpecification signed(String method, String pathAndQuery, byte[] bytes, long timestamp, String nonce,
                                        String signingSecret) {
        String path = pathAndQuery;
        String query = null;
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            path = pathAndQuery.substring(0, q);
            query = pathAndQuery.substring(q + 1);
        }
        String signature = RequestSignature.sign(signingSecret, RequestSignature.stringToSign(method, path, query,
                Long.toString(timestamp), nonce, bytes));
        return RestAssured.given()
                .header(RequestSignature.KEY_ID_HEADER, keyId)
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(RequestSignature.NONCE_HEADER, nonce)
                .header(RequestSignature.SIGNATURE_HEADER, signature)
                .urlEncodingEnabled(false);
    }
}
