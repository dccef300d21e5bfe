package io.facefuse.clients;

import io.facefuse.security.SecurityConfig;
import io.facefuse.security.TokenAuthenticator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/** Adds the internal service token to every call one function makes to another. */
@ApplicationScoped
public class ServiceTokenHeaders implements ClientHeadersFactory {

    private final SecurityConfig.Internal internal;

    ServiceTokenHeaders(SecurityConfig.Internal internal) {
        this.internal = internal;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
                                                 MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        internal.token().ifPresent(token -> headers.add(TokenAuthenticator.SERVICE_HEADER, token));
        return headers;
    }
}
