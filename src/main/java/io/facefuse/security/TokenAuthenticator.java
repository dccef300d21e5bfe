package io.facefuse.security;

import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * Checks the bearer tokens of operators and of the other functions. They travel in headers of
 * their own rather than {@code Authorization}, which AWS_IAM function URLs reserve for SigV4.
 */
@ApplicationScoped
public class TokenAuthenticator {

    public static final String OPERATOR_HEADER = "X-Facefuse-Operator-Token";
    public static final String SERVICE_HEADER = "X-Facefuse-Service-Token";

    private final SecurityConfig.Operators operators;
    private final SecurityConfig.Internal internal;

    TokenAuthenticator(SecurityConfig.Operators operators, SecurityConfig.Internal internal) {
        this.operators = operators;
        this.internal = internal;
    }

    public Caller operator(String token) {
        if (token != null && !token.isEmpty()) {
            byte[] presented = HexFormat.of().formatHex(RequestSignature.sha256(token.getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.US_ASCII);
            for (Map.Entry<String, String> operator : operators.tokens().entrySet()) {
                byte[] expected = operator.getValue().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
                if (MessageDigest.isEqual(expected, presented)) {
                    return Caller.operator(operator.getKey());
                }
            }
        }
        throw new ApiException(ErrorCode.OperatorCredentialRequired,
                "send a valid operator token in " + OPERATOR_HEADER);
    }

    public Caller service(String token) {
        String expected = internal.token().orElse(null);
        if (expected != null && token != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return Caller.service();
        }
        throw new ApiException(ErrorCode.ServiceCredentialRequired,
                "this route is for facefuse functions; send " + SERVICE_HEADER);
    }
}
