package io.facefuse.security;

import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/** The authenticated caller of the request in flight. */
@RequestScoped
public class CurrentCaller {

    private Caller caller = Caller.anonymous();

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        return caller;
    }

    /** The calling app's id; only app-signed endpoints may ask. */
    public UUID appId() {
        if (caller.kind() != Caller.Kind.APP) {
            throw new ApiException(ErrorCode.SignatureMissing, "this endpoint is for signed app requests");
        }
        return caller.appId();
    }
}
