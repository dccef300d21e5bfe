package io.facefuse.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signs the calls one function makes to another with SigV4, as the {@code AWS_IAM} function URLs
 * of moderation and labelling require ({@code facefuse.clients.sigv4}, on when deployed). A
 * function URL checks the payload hash of a POST, so the body is serialised here, once, and the
 * very bytes that are signed are the ones sent. Credentials and region come from the function's
 * environment (its execution role), as Lambda provides them.
 */
@ApplicationScoped
public class SigV4Signing implements ClientRequestFilter {

    /** The headers the signature adds; nothing else of the request is changed. */
    static final Set<String> SIGNATURE_HEADERS = Set.of("Authorization", "X-Amz-Date", "X-Amz-Security-Token",
            "x-amz-content-sha256");

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final boolean enabled;
    private final ObjectMapper json;
    private volatile AwsCredentialsProvider credentials;
    private volatile String region;

    SigV4Signing(@ConfigProperty(name = "facefuse.clients.sigv4", defaultValue = "false") boolean enabled,
                 ObjectMapper json) {
        this.enabled = enabled;
        this.json = json;
    }

    @Override
    public void filter(ClientRequestContext request) throws IOException {
        if (!enabled) {
            return;
        }
        byte[] body = serialisedBody(request);
        Map<String, List<String>> signed = sign(request.getMethod(), request.getUri(), body, credentials().resolveIdentity().join(),
                region(), Clock.systemUTC());
        signed.forEach((name, values) -> {
            if (SIGNATURE_HEADERS.stream().anyMatch(name::equalsIgnoreCase)) {
                request.getHeaders().putSingle(name, values.getFirst());
            }
        });
    }

    /** SigV4 for the Lambda service: the signed request's headers, Authorization included. */
    static Map<String, List<String>> sign(String method, URI uri, byte[] body, AwsCredentialsIdentity identity,
                                          String region, Clock clock) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method))
                .putHeader("x-amz-content-sha256", sha256Hex(body)).build();
        return SIGNER.sign(signing -> signing.request(unsigned).identity(identity)
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock))
                .request().headers();
    }

    /** The body as bytes; an object body is serialised now and sent as exactly those bytes. */
    private byte[] serialisedBody(ClientRequestContext request) throws IOException {
        if (!request.hasEntity()) {
            return new byte[0];
        }
        Object entity = request.getEntity();
        if (entity instanceof byte[] bytes) {
            return bytes;
        }
        byte[] bytes = entity instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(entity);
        request.setEntity(bytes, request.getEntityAnnotations(), request.getMediaType());
        return bytes;
    }

    private AwsCredentialsProvider credentials() {
        if (credentials == null) {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        return credentials;
    }

    private String region() {
        if (region == null) {
            region = DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        }
        return region;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
