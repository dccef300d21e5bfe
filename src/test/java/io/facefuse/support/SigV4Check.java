package io.facefuse.support;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Recomputes an AWS Signature Version 4 from a received request, written from the specification
 * (canonical request, string to sign, the HMAC key chain), independently of the AWS SDK that
 * facefuse signs with: what a function URL does before it lets a call through.
 */
public final class SigV4Check {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

    private SigV4Check() {
    }

    /** The parts of an Authorization header. */
    public record Authorization(String accessKey, String date, String region, String service, String signedHeaders,
                                String signature) {
    }

    public static Authorization parse(String authorization) {
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            throw new AssertionError("not a SigV4 Authorization header: " + authorization);
        }
        return new Authorization(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6));
    }

    /**
     * The signature the request should carry, from its method, path, raw query, headers (lower-case
     * names) and body, for the given secret key.
     */
    public static String expectedSignature(String method, String path, String rawQuery, Map<String, String> headers,
                                           byte[] body, String secretKey) throws Exception {
        Authorization auth = parse(headers.get("authorization"));
        String canonicalHeaders = Arrays.stream(auth.signedHeaders().split(";"))
                .map(name -> name + ":" + headers.get(name).trim() + "\n").collect(Collectors.joining());
        String canonicalRequest = String.join("\n", method, path, canonicalQuery(rawQuery), canonicalHeaders,
                auth.signedHeaders(), hex(sha256(body)));
        String scope = auth.date() + "/" + auth.region() + "/" + auth.service() + "/aws4_request";
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", headers.get("x-amz-date"), scope,
                hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), auth.date());
        key = hmac(key, auth.region());
        key = hmac(key, auth.service());
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    public static String sha256Hex(byte[] bytes) throws Exception {
        return hex(sha256(bytes));
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        Map<String, String> sorted = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            sorted.put(encode(name), encode(value));
        }
        return sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    }

    /** RFC 3986 unreserved characters stay; everything else is percent-encoded, as SigV4 asks. */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
