package io.facefuse.media;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The S3 media store against a real S3 protocol server (S3Proxy, SigV4 authentication, an
 * in-memory jclouds store behind it), through the same SDK client and HTTP client as deployed.
 */
class S3MediaStoreTest {

    private static S3Proxy server;
    private static S3Client s3;
    private static MediaStore media;

    @BeforeAll
    static void startServer() throws Exception {
        BlobStoreContext blobs = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .build(BlobStoreContext.class);
        server = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "test-access-key", "test-secret-key").build();
        server.start();
        while (!"STARTED".equals(server.getState())) {
            Thread.sleep(10);
        }
        s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getPort()))
                .forcePathStyle(true).region(Region.US_EAST_1) // the transient store knows no location constraints
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-access-key", "test-secret-key")))
                // S3Proxy predates the SDK's default CRC32 trailers; S3 itself takes both.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        s3.createBucket(bucket -> bucket.bucket("facefuse-media-test"));
        media = new S3MediaStore(s3, "facefuse-media-test");
    }

    @AfterAll
    static void stopServer() throws Exception {
        s3.close();
        server.stop();
    }

    @Test
    void whatIsPutIsWhatIsGot() {
        byte[] image = "not really a jpeg".getBytes(StandardCharsets.UTF_8);
        media.put("templates/app-1/t-1", image);
        assertArrayEquals(image, media.get("templates/app-1/t-1").orElseThrow());
    }

    @Test
    void aMissingKeyIsEmptyAndDeletingItIsNoError() {
        assertEquals(Optional.empty(), media.get("results/app-1/nothing-here"));
        media.delete("results/app-1/nothing-here");
        assertFalse(media.deleteIfOlderThanAnHour("results/app-1/nothing-here"));
    }

    @Test
    void deleteRemovesTheObject() {
        media.put("results/app-2/r-1", new byte[]{1, 2, 3});
        media.delete("results/app-2/r-1");
        assertEquals(Optional.empty(), media.get("results/app-2/r-1"));
    }

    @Test
    void aFreshObjectIsNotOldEnoughToPurge() {
        media.put("results/app-3/r-1", new byte[]{9});
        assertFalse(media.deleteIfOlderThanAnHour("results/app-3/r-1"));
        assertArrayEquals(new byte[]{9}, media.get("results/app-3/r-1").orElseThrow());
    }

    @Test
    void listingIsByDirectoryAndSorted() {
        media.put("templates/app-4/b", new byte[]{1});
        media.put("templates/app-4/a", new byte[]{1});
        media.put("templates/app-40/c", new byte[]{1});
        media.put("results/app-4/d", new byte[]{1});
        assertEquals(List.of("templates/app-4/a", "templates/app-4/b"), media.list("templates/app-4"));
    }

    @Test
    void aKeyFacefuseCouldNotHaveMadeIsRefusedBeforeAnyCall() {
        assertThrows(IllegalArgumentException.class, () -> media.put("../etc/passwd", new byte[]{1}));
        assertThrows(IllegalArgumentException.class, () -> media.get("templates/app/../../x"));
    }
}
