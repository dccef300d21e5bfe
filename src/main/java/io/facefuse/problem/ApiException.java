package io.facefuse.problem;

/** A refusal with a stable code; the mappers turn it into an RFC 9457 problem body. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final java.util.Map<String, String> headers;

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, java.util.Map.of());
    }

    /** With response headers the refusal needs, such as {@code Retry-After}. */
    public ApiException(ErrorCode code, String detail, java.util.Map<String, String> headers) {
        super(detail, null, false, false); // expected outcomes: no stack trace to fill
        this.code = code;
        this.headers = headers;
    }

    public ApiException(ErrorCode code) {
        this(code, code.title());
    }

    public ErrorCode code() {
        return code;
    }

    public java.util.Map<String, String> headers() {
        return headers;
    }
}
