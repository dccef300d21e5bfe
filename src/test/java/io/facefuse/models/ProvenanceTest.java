package io.facefuse.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Every shipped model has a provenance record, and the file is the one the record describes. */
class ProvenanceTest {

    @Test
    void everyModelFileMatchesItsProvenance() throws IOException, NoSuchAlgorithmException {
        ObjectMapper json = new ObjectMapper();
        for (ModelSpec spec : ModelSpec.values()) {
            JsonNode provenance;
            try (InputStream in = getClass().getResourceAsStream("/models/" + spec.fileName() + ".provenance.json")) {
                assertNotNull(in, "no provenance for " + spec.fileName());
                provenance = json.readTree(in);
            }
            for (String field : new String[]{"package", "version", "license"}) {
                assertFalse(provenance.path(field).asText().isBlank(), spec.fileName() + " provenance lacks " + field);
            }
            assertFalse(provenance.path("files").isEmpty());
            assertEquals(spec.inputSize(), provenance.at("/input/shape/1").asInt(), spec.fileName() + " input size");
            byte[] model;
            try (InputStream in = getClass().getResourceAsStream("/models/" + spec.fileName() + ".pt")) {
                model = in.readAllBytes();
            }
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
            assertEquals(provenance.at("/torchscript/sha256").asText(), sha256, spec.fileName() + " was swapped or altered");
        }
    }
}
