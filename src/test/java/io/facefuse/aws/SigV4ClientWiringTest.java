package io.facefuse.aws;

import io.facefuse.support.SigV4Check;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The functions' REST clients sign with SigV4 when {@code facefuse.clients.sigv4} is on: a call
 * through a client registered as theirs arrives with a signature that, recomputed from the bytes and
 * headers that arrived, is valid, and with the payload hash of exactly the body that arrived.
 */
@QuarkusTest
@TestProfile(SigV4ClientWiringTest.Signing.class)
class SigV4ClientWiringTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    public static class Signing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("facefuse.clients.sigv4", "true");
        }
    }

    @Inject
    @RestClient
    SignatureEchoClient client;

    // The SDK's default chains read these as Lambda's environment would provide them.
    @BeforeAll
    static void executionRole() {
        System.setProperty("aws.accessKeyId", "ASIAEXAMPLEKEY000002");
        System.setProperty("aws.secretAccessKey", SECRET);
        System.setProperty("aws.sessionToken", "session-token");
        System.setProperty("aws.region", "eu-west-1");
    }

    @AfterAll
    static void noRole() {
        for (String name : new String[]{"aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken", "aws.region"}) {
            System.clearProperty(name);
        }
    }

    @Test
    void aClientCallArrivesSignedOverTheBytesThatArrived() throws Exception {
        SignatureEchoResource.Received received = client.echo(
                new SignatureEchoClient.Payload("fusion", 3, "ünïcode & spaces"), "user photo");

        assertEquals(SigV4Check.sha256Hex(received.body()), received.headers().get("x-amz-content-sha256"));
        assertTrue(new String(received.body(), StandardCharsets.UTF_8).contains("\"count\":3"), "an object body is sent as JSON");
        assertEquals("session-token", received.headers().get("x-amz-security-token"));
        assertEquals("test-internal-token", received.headers().get("x-facefuse-service-token"),
                "the service token still travels beside the signature");
        SigV4Check.Authorization auth = SigV4Check.parse(received.headers().get("authorization"));
        assertEquals("lambda", auth.service());
        assertEquals(SigV4Check.expectedSignature(received.method(), received.path(), received.rawQuery(),
                received.headers(), received.body(), SECRET), auth.signature());
    }
}
