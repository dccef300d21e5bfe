package io.facefuse.security;

import io.facefuse.apps.App;
import io.facefuse.apps.AppCredential;
import io.facefuse.apps.CredentialCipher;
import io.facefuse.http.EventLoop;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Verifies an app's signed request (seed 003 §3.4.3): the timestamp is fresh, the key is known,
 * the HMAC matches, the app may call, and the nonce is new. Cheap checks run first, and nothing is
 * written unless the signature is valid and the app in good standing: then only the nonce.
 */
@ApplicationScoped
public class SignedRequestVerifier {

    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-fA-F]{64}");

    private final CredentialCipher cipher;
    private final SecurityConfig.Signing signing;
    private final Clock clock;

    SignedRequestVerifier(CredentialCipher cipher, SecurityConfig.Signing signing) {
        this.cipher = cipher;
        this.signing = signing;
        this.clock = Clock.systemUTC();
    }

    /** The request as the verifier needs it; headers may be null when absent. */
    public record SignedRequest(String method, String rawPath, String rawQuery, String keyId, String timestamp,
                                String nonce, String signature, byte[] body) {
    }

    public Uni<Caller> verify(SignedRequest request) {
        if (request.keyId() == null || request.timestamp() == null || request.nonce() == null
                || request.signature() == null) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.SignatureMissing,
                    "send " + RequestSignature.KEY_ID_HEADER + ", " + RequestSignature.TIMESTAMP_HEADER + ", "
                            + RequestSignature.NONCE_HEADER + " and " + RequestSignature.SIGNATURE_HEADER));
        }
        if (!TIMESTAMP.matcher(request.timestamp()).matches() || !NONCE.matcher(request.nonce()).matches()
                || !SIGNATURE.matcher(request.signature()).matches()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.InvalidSignature,
                    "timestamp must be Unix seconds, nonce 16-128 of [A-Za-z0-9_-], signature 64 hex digits"));
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(request.timestamp()));
        if (skew > signing.maxSkew().toSeconds()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.RequestExpired,
                    "the timestamp is " + skew + " s from the server's clock; at most "
                            + signing.maxSkew().toSeconds() + " s is accepted"));
        }
        return EventLoop.run(Panache.withTransaction(() -> AppCredential.<AppCredential>findById(request.keyId())
                .flatMap(credential -> {
                    if (credential == null || !credential.isActive()) {
                        return Uni.createFrom().failure(new ApiException(ErrorCode.UnknownKeyId));
                    }
                    String expected = RequestSignature.sign(cipher.decrypt(credential.keyId, credential.secretCiphertext),
                            RequestSignature.stringToSign(request.method(), request.rawPath(), request.rawQuery(),
                                    request.timestamp(), request.nonce(), request.body()));
                    if (!RequestSignature.matches(expected, request.signature())) {
                        return Uni.createFrom().failure(new ApiException(ErrorCode.InvalidSignature,
                                "recompute the signature over the documented string to sign"));
                    }
                    return App.<App>findById(credential.appId).flatMap(app -> {
                        if (app.status.refusal() != null) {
                            return Uni.createFrom().failure(new ApiException(app.status.refusal(),
                                    app.statusReason == null ? app.status.refusal().title() : app.statusReason));
                        }
                        return rememberNonce(credential.keyId, request.nonce())
                                .replaceWith(Caller.app(app.id, credential.keyId));
                    });
                })));
    }

    private Uni<Void> rememberNonce(String keyId, String nonce) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "insert into request_nonce (key_id, nonce, seen_at) values (?1, ?2, ?3) on conflict do nothing")
                .setParameter(1, keyId).setParameter(2, nonce).setParameter(3, Instant.now(clock))
                .executeUpdate())
                .flatMap(inserted -> inserted == 1 ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new ApiException(ErrorCode.NonceReused,
                        "each request needs a fresh nonce")));
    }
}
