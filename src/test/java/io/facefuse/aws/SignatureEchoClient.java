package io.facefuse.aws;

import io.facefuse.clients.ServiceTokenHeaders;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Test only: a client registered exactly as the functions' own clients are. */
@RegisterRestClient(configKey = "moderation")
@RegisterClientHeaders(ServiceTokenHeaders.class)
@RegisterProvider(SigV4Signing.class)
@Path("/internal/v1/test/signature-echo")
public interface SignatureEchoClient {

    record Payload(String name, int count, String text) {
    }

    @POST
    @Consumes("application/json")
    SignatureEchoResource.Received echo(Payload payload, @QueryParam("role") String role);
}
