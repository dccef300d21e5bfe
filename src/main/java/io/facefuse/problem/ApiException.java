package io.facefuse.problem;

/** A refusal with a stable code; the mappers turn it into an RFC 9457 problem body. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;

    public ApiException(ErrorCode code, String detail) {
        super(detail, null, false, false); // expected outcomes: no stack trace to fill
        this.code = code;
    }

    public ApiException(ErrorCode code) {
        this(code, code.title());
    }

    public ErrorCode code() {
        return code;
    }
}
