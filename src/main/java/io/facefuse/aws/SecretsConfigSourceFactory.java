package io.facefuse.aws;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deployed, a function reads its keys and the database credentials from Secrets Manager as it
 * starts, so no key is in its environment, its image or Terraform's state:
 * {@code FACEFUSE_CONFIG_SECRET_ARNS} (comma-separated; JSON objects of property names to values)
 * and {@code FACEFUSE_DATABASE_SECRET_ARN} (the user name and password the function connects with);
 * for the migrate step, {@code FACEFUSE_DATABASE_ROLE_SECRET_ARNS} (each function role's user name
 * and password, which it sets: io.facefuse.database.FunctionRoles). None set (dev, tests): nothing
 * is read and nothing about AWS is touched.
 *
 * <p>Its ordinal puts it above application.properties and below the environment and system
 * properties, so an operator can still override a value for one function by hand.
 */
public class SecretsConfigSourceFactory implements ConfigSourceFactory {

    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> configSecrets = split(value(context, "facefuse.config-secret-arns"));
        String databaseSecret = value(context, "facefuse.database-secret-arn");
        List<String> roleSecrets = split(value(context, "facefuse.database-role-secret-arns"));
        if (configSecrets.isEmpty() && roleSecrets.isEmpty() && (databaseSecret == null || databaseSecret.isBlank())) {
            return List.of();
        }
        Map<String, String> properties = new HashMap<>();
        // Region and credentials come from the function's environment, as Lambda sets them.
        try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            for (String secret : configSecrets) {
                properties.putAll(SecretProperties.ofConfigSecret(secret, read(secrets, secret)));
            }
            if (databaseSecret != null && !databaseSecret.isBlank()) {
                properties.putAll(SecretProperties.ofDatabaseSecret(databaseSecret, read(secrets, databaseSecret)));
            }
            for (String secret : roleSecrets) {
                properties.putAll(SecretProperties.ofRoleSecret(secret, read(secrets, secret)));
            }
        }
        return List.of(new PropertiesConfigSource(properties, "facefuse-secrets-manager", ORDINAL));
    }

    private static String read(SecretsManagerClient secrets, String secretId) {
        return secrets.getSecretValue(request -> request.secretId(secretId)).secretString();
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    static List<String> split(String arns) {
        if (arns == null || arns.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(arns.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
