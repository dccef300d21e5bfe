package io.facefuse.aws;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.util.HashMap;
import java.util.Map;

/** Test only: answers what a call arrived with, so a test can check its signature as AWS would. */
@Path("/internal/v1/test/signature-echo")
@Access(Caller.Kind.SERVICE)
public class SignatureEchoResource {

    public record Received(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Received echo(byte[] body, @Context HttpHeaders headers, @Context UriInfo uri) {
        Map<String, String> received = new HashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> received.put(name.toLowerCase(), values.getFirst()));
        return new Received("POST", uri.getRequestUri().getRawPath(), uri.getRequestUri().getRawQuery(), received, body);
    }
}
