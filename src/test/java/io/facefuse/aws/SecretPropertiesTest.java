package io.facefuse.aws;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How the secrets a deployed function reads at start become configuration. */
class SecretPropertiesTest {

    @Test
    void aConfigSecretGivesItsPropertiesAsTheyAre() {
        Map<String, String> properties = SecretProperties.ofConfigSecret("facefuse/labelling/config", """
                {"facefuse.internal.token":"t0k3n","facefuse.labelling.watermark-key":"a2V5"}""");
        assertEquals(Map.of("facefuse.internal.token", "t0k3n", "facefuse.labelling.watermark-key", "a2V5"), properties);
    }

    @Test
    void aValueThatIsNotAStringIsRefused() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SecretProperties.ofConfigSecret("s", "{\"facefuse.internal.token\":12}"));
        assertEquals("secret s: facefuse.internal.token must be a string", refused.getMessage());
        assertThrows(IllegalStateException.class, () -> SecretProperties.ofConfigSecret("s", "[\"a\"]"));
    }

    @Test
    void brokenJsonIsRefusedWithoutQuotingTheSecret() {
        UncheckedIOException refused = assertThrows(UncheckedIOException.class,
                () -> SecretProperties.ofConfigSecret("s", "{\"facefuse.internal.token\":\"super-secret"));
        assertFalse(refused.getMessage().contains("super-secret"));
    }

    @Test
    void theDatabaseSecretBecomesTheDatasourceCredentials() {
        assertEquals(Map.of("quarkus.datasource.username", "facefuse", "quarkus.datasource.password", "p@ss"),
                SecretProperties.ofDatabaseSecret("rds", "{\"username\":\"facefuse\",\"password\":\"p@ss\",\"engine\":\"x\"}"));
        assertThrows(IllegalStateException.class, () -> SecretProperties.ofDatabaseSecret("rds", "{\"username\":\"u\"}"));
    }

    @Test
    void aRoleSecretBecomesThePasswordTheMigrateStepSets() {
        assertEquals(Map.of("facefuse.database.role-passwords.facefuse_fusion", "pw"),
                SecretProperties.ofRoleSecret("db/fusion", "{\"username\":\"facefuse_fusion\",\"password\":\"pw\"}"));
    }

    @Test
    void secretArnsAreACommaSeparatedList() {
        assertEquals(List.of("arn:a", "arn:b"), SecretsConfigSourceFactory.split(" arn:a, ,arn:b "));
        assertEquals(List.of(), SecretsConfigSourceFactory.split(null));
    }
}
