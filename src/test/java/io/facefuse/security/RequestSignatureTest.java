package io.facefuse.security;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pins the string to sign and the HMAC to values computed independently (Python's hmac module). */
class RequestSignatureTest {

    private static final byte[] BODY = "{\"purpose\":\"face_fusion\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void stringToSignSortsTheQueryAndHashesTheBody() {
        String sts = RequestSignature.stringToSign("post", "/v1/subjects/u-42/consents", "b=3&a=1&b=2", "1764000000",
                "0123456789abcdef0123", BODY);
        assertEquals("FACEFUSE-HMAC-SHA256\nPOST\n/v1/subjects/u-42/consents\na=1&b=2&b=3\n1764000000\n"
                + "0123456789abcdef0123\n9962483738c4038344797636641b3cec4ecff5b7630a5f3ded2989b9dc6105bc", sts);
    }

    @Test
    void signatureMatchesAnIndependentImplementation() {
        String sts = RequestSignature.stringToSign("POST", "/v1/subjects/u-42/consents", "a=1&b=2&b=3", "1764000000",
                "0123456789abcdef0123", BODY);
        assertEquals("bd199f5c3555e09973bae88b02849b9ffe26f8a8daaf275a29b502ea758d0a90",
                RequestSignature.sign("ffs_example-secret", sts));
    }

    @Test
    void emptyQueryAndEmptyBodyHaveFixedForms() {
        String sts = RequestSignature.stringToSign("GET", "/v1/app", null, "1", "n", new byte[0]);
        assertEquals("FACEFUSE-HMAC-SHA256\nGET\n/v1/app\n\n1\nn\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", sts);
    }

    @Test
    void comparisonIgnoresHexCaseButNothingElse() {
        String sig = RequestSignature.sign("k", "x");
        assertTrue(RequestSignature.matches(sig, sig.toUpperCase()));
        assertFalse(RequestSignature.matches(sig, RequestSignature.sign("k", "y")));
    }
}
