package io.facefuse.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a secret's JSON becomes configuration. A function's config secret is an object of property
 * names to string values ({@code terraform/secrets.tf}, {@code tools/put-service-keys}); a
 * database secret holds {@code {"username":..,"password":..}}, as RDS writes its own.
 */
final class SecretProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretProperties() {
    }

    /** A config secret: every member must be a string, so a typo cannot pass as a number or null. */
    static Map<String, String> ofConfigSecret(String secretId, String json) {
        JsonNode root = parse(secretId, json);
        Map<String, String> properties = new LinkedHashMap<>();
        for (var member : root.properties()) {
            if (!member.getValue().isTextual()) {
                throw new IllegalStateException("secret " + secretId + ": " + member.getKey() + " must be a string");
            }
            properties.put(member.getKey(), member.getValue().asText());
        }
        return properties;
    }

    /** The RDS-managed database secret, as the datasource's user name and password. */
    static Map<String, String> ofDatabaseSecret(String secretId, String json) {
        JsonNode root = parse(secretId, json);
        if (!root.path("username").isTextual() || !root.path("password").isTextual()) {
            throw new IllegalStateException("secret " + secretId + " must hold a username and a password");
        }
        return Map.of("quarkus.datasource.username", root.get("username").asText(),
                "quarkus.datasource.password", root.get("password").asText());
    }

    /** A function role's secret, as the password the migrate step gives that role. */
    static Map<String, String> ofRoleSecret(String secretId, String json) {
        Map<String, String> credentials = ofDatabaseSecret(secretId, json);
        return Map.of("facefuse.database.role-passwords." + credentials.get("quarkus.datasource.username"),
                credentials.get("quarkus.datasource.password"));
    }

    private static JsonNode parse(String secretId, String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) {
                throw new IllegalStateException("secret " + secretId + " must be a JSON object");
            }
            return root;
        } catch (IOException e) {
            // the message could quote the secret: say only which one failed
            throw new UncheckedIOException(new IOException("secret " + secretId + " is not valid JSON"));
        }
    }
}
