package io.facefuse.security;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * The app request signature: HMAC-SHA256, keyed with the app's secret, over
 *
 * <pre>
 * FACEFUSE-HMAC-SHA256
 * METHOD
 * /raw/path
 * canonical query (the raw name=value pairs, sorted, joined with '&amp;')
 * timestamp (Unix seconds)
 * nonce
 * hex SHA-256 of the body
 * </pre>
 *
 * lines joined with '\n', sent as lowercase hex in {@value #SIGNATURE_HEADER}. {@code tools/sign.py} and
 * the tests compute the same string; docs/signing.md explains it to app developers.
 */
public final class RequestSignature {

    public static final String ALGORITHM = "FACEFUSE-HMAC-SHA256";
    public static final String KEY_ID_HEADER = "X-Facefuse-Key-Id";
    public static final String TIMESTAMP_HEADER = "X-Facefuse-Timestamp";
    public static final String NONCE_HEADER = "X-Facefuse-Nonce";
    public static final String SIGNATURE_HEADER = "X-Facefuse-Signature";

    private static final HexFormat HEX = HexFormat.of();

    private RequestSignature() {
    }

    public static String stringToSign(String method, String rawPath, String rawQuery, String timestamp,
                                      String nonce, byte[] body) {
        return String.join("\n", ALGORITHM, method.toUpperCase(java.util.Locale.ROOT), rawPath,
                canonicalQuery(rawQuery), timestamp, nonce, sha256Hex(body));
    }

    public static String sign(String secret, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Compares in constant time, so the comparison leaks nothing about the expected value. */
    public static boolean matches(String expectedHex, String presentedHex) {
        return MessageDigest.isEqual(expectedHex.getBytes(StandardCharsets.US_ASCII),
                presentedHex.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        return Arrays.stream(rawQuery.split("&")).filter(p -> !p.isEmpty()).sorted()
                .collect(Collectors.joining("&"));
    }

    public static String sha256Hex(byte[] data) {
        return HEX.formatHex(sha256(data));
    }

    public static byte[] sha256(byte[] data) {
        return sha256Digest().digest(data);
    }

    /** A fresh SHA-256 digest, for data fed in parts. */
    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
