package io.facefuse.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** An RFC 9457 problem details body, with facefuse's stable {@code code} as an extension member. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String code,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);

    /** One invalid field, for {@link ErrorCode#ValidationFailed}. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(ErrorCode code, String detail, String instance) {
        return new Problem(typeOf(code), code.title(), code.status(), detail, instance, code.name(), null);
    }

    public static String typeOf(ErrorCode code) {
        return "urn:facefuse:problem:" + code.name();
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, code, fieldErrors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA).entity(this).build();
    }
}
