package io.facefuse.media;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * With {@code facefuse.media.store=s3} the application's media store is S3 through the
 * quarkus-amazon-s3 client, configured only by {@code quarkus.s3.*} as a deployment configures it:
 * what the application stores arrives as an object in the bucket of a real S3 protocol server.
 */
@QuarkusTest
@TestProfile(S3MediaWiringTest.S3Media.class)
class S3MediaWiringTest {

    static final String BUCKET = "facefuse-media-wiring";

    public static class S3Media implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("facefuse.media.store", "s3", "facefuse.media.bucket", BUCKET);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3Server.class));
        }
    }

    /** S3Proxy in front of an in-memory store; the application reaches it through quarkus.s3.* alone. */
    public static class S3Server implements QuarkusTestResourceLifecycleManager {

        static BlobStore blobs;
        private S3Proxy server;

        @Override
        public Map<String, String> start() {
            try {
                blobs = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                        .build(BlobStoreContext.class).getBlobStore();
                blobs.createContainerInLocation(null, BUCKET);
                server = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "wiring-access-key", "wiring-secret-key").build();
                server.start();
                while (!"STARTED".equals(server.getState())) {
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of(
                    "quarkus.s3.endpoint-override", "http://127.0.0.1:" + server.getPort(),
                    "quarkus.s3.path-style-access", "true",
                    // S3Proxy takes neither aws-chunked uploads nor the SDK's CRC32 checksums; S3 itself takes both
                    "quarkus.s3.chunked-encoding", "false",
                    "quarkus.s3.checksum-validation", "false",
                    "quarkus.s3.aws.region", "us-east-1",
                    "quarkus.s3.aws.credentials.type", "static",
                    "quarkus.s3.aws.credentials.static-provider.access-key-id", "wiring-access-key",
                    "quarkus.s3.aws.credentials.static-provider.secret-access-key", "wiring-secret-key");
        }

        @Override
        public void stop() {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    MediaStore media;

    @Test
    void whatTheApplicationStoresIsAnObjectInTheBucket() throws Exception {
        byte[] image = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
        media.put("templates/app-w/t-1", image);

        Blob stored = S3Server.blobs.getBlob(BUCKET, "templates/app-w/t-1");
        assertNotNull(stored, "the object is in the bucket");
        try (InputStream in = stored.getPayload().openStream()) {
            assertArrayEquals(image, in.readAllBytes());
        }
        assertArrayEquals(image, media.get("templates/app-w/t-1").orElseThrow());
        assertEquals(List.of("templates/app-w/t-1"), media.list("templates/app-w"));
    }
}
