package io.facefuse.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Turns every failure that reaches the REST layer into an {@code application/problem+json} body. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e, UriInfo uri) {
        Response.ResponseBuilder response = Response.fromResponse(Problem.of(e.code(), e.getMessage(), uri.getPath()).toResponse());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response invalidJson(JsonProcessingException e, UriInfo uri) {
        if (!readingFailed(e)) {
            // writing an answer failed: facefuse's fault, not the request's
            LOG.error("could not write the answer as JSON", e);
            return Problem.of(ErrorCode.InternalError, ErrorCode.InternalError.title(), uri.getPath()).toResponse();
        }
        String where = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                ? " at " + m.getPath().stream().map(ProblemMappers::pathElement).collect(Collectors.joining("."))
                : "";
        return Problem.of(ErrorCode.MalformedJson, "The body could not be read as JSON" + where + ": "
                + e.getOriginalMessage(), uri.getPath()).toResponse();
    }

    /** Parse errors and bodies of the wrong shape; any other Jackson exception comes from writing. */
    private static boolean readingFailed(JsonProcessingException e) {
        return e instanceof com.fasterxml.jackson.core.JsonParseException
                || e instanceof MismatchedInputException
                || e instanceof com.fasterxml.jackson.databind.exc.ValueInstantiationException
                || e instanceof com.fasterxml.jackson.core.io.JsonEOFException;
    }

    /** Jackson's own mapper for this subtype would otherwise answer first, without a problem body. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return invalidJson(e, uri);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return Problem.of(ErrorCode.ValidationFailed, errors.size() + " invalid field(s)", uri.getPath())
                .withErrors(errors).toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return invalidJson(json, uri); // the JSON reader wraps parse errors in a plain 400
        }
        ErrorCode code = switch (e) {
            case NotFoundException ignored -> ErrorCode.NotFound;
            case NotAllowedException ignored -> ErrorCode.MethodNotAllowed;
            case NotSupportedException ignored -> ErrorCode.UnsupportedMediaType;
            case NotAcceptableException ignored -> ErrorCode.NotAcceptable;
            default -> byStatus(e.getResponse().getStatus());
        };
        if (code.status() >= 500) {
            LOG.error("request failed", e);
        }
        Response problem = Problem.of(code, code.title(), uri.getPath()).toResponse();
        if (e instanceof NotAllowedException) {
            return Response.fromResponse(problem).allow(e.getResponse().getAllowedMethods()).build();
        }
        return problem;
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.error("unexpected failure", e);
        return Problem.of(ErrorCode.InternalError, "The request failed; it has been logged", uri.getPath())
                .toResponse();
    }

    static ErrorCode byStatus(int status) {
        return switch (status) {
            case 404 -> ErrorCode.NotFound;
            case 405 -> ErrorCode.MethodNotAllowed;
            case 406 -> ErrorCode.NotAcceptable;
            case 413 -> ErrorCode.PayloadTooLarge;
            case 415 -> ErrorCode.UnsupportedMediaType;
            default -> status >= 500 ? ErrorCode.InternalError : ErrorCode.BadRequest;
        };
    }

    private static String pathElement(JsonMappingException.Reference ref) {
        return ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]";
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        // "create.request.name" -> "name": drop the method and parameter names
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : path;
    }
}
