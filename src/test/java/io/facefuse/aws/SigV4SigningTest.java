package io.facefuse.aws;

import io.facefuse.support.SigV4Check;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signature on calls to an IAM function URL, checked against SigV4 recomputed from the spec. */
class SigV4SigningTest {

    private static final AwsSessionCredentials ROLE = AwsSessionCredentials.create("ASIAEXAMPLEKEY000001",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "session-token-of-the-execution-role");
    private static final Clock AT = Clock.fixed(Instant.parse("2026-11-25T21:00:00Z"), ZoneOffset.UTC);
    private static final URI CHECKS = URI.create("https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws"
            + "/internal/v1/moderation/checks?role=user_photo&appId=00000000-0000-0000-0000-000000000001&subjectId=a%20b");

    @Test
    void aPostIsSignedForLambdaOverItsExactBody() throws Exception {
        byte[] body = "{\"image\":\"not really\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = lowerCase(SigV4Signing.sign("POST", CHECKS, body, ROLE, "eu-west-1", AT));

        assertEquals(SigV4Check.sha256Hex(body), headers.get("x-amz-content-sha256"), "function URLs check the payload hash");
        assertEquals("20261125T210000Z", headers.get("x-amz-date"));
        assertEquals(ROLE.sessionToken(), headers.get("x-amz-security-token"));
        SigV4Check.Authorization auth = SigV4Check.parse(headers.get("authorization"));
        assertEquals("lambda", auth.service());
        assertEquals("eu-west-1", auth.region());
        assertTrue(auth.signedHeaders().contains("x-amz-content-sha256"), auth.signedHeaders());

        String expected = SigV4Check.expectedSignature("POST", CHECKS.getRawPath(), CHECKS.getRawQuery(), headers, body,
                ROLE.secretAccessKey());
        assertEquals(expected, auth.signature());
    }

    @Test
    void anotherBodyNeedsAnotherSignature() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = lowerCase(SigV4Signing.sign("POST", CHECKS, body, ROLE, "eu-west-1", AT));
        String tampered = SigV4Check.expectedSignature("POST", CHECKS.getRawPath(), CHECKS.getRawQuery(), headers,
                "{\"x\":1}".getBytes(StandardCharsets.UTF_8), ROLE.secretAccessKey());
        assertNotEquals(tampered, SigV4Check.parse(headers.get("authorization")).signature());
    }

    private static Map<String, String> lowerCase(Map<String, List<String>> headers) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((name, values) -> lower.put(name.toLowerCase(), values.getFirst()));
        return lower;
    }
}
