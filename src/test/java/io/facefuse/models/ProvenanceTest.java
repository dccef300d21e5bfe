package io.facefuse.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facefuse.security.RequestSignature;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every shipped model has a provenance record, and the file is the one the record describes. */
class ProvenanceTest {

    @Test
    void everyModelFileMatchesItsProvenance() throws IOException {
        for (ModelSpec spec : ModelSpec.values()) {
            JsonNode provenance = provenance(spec);
            for (String field : new String[]{"package", "version", "license"}) {
                assertFalse(provenance.path(field).asText().isBlank(), spec.fileName() + " provenance lacks " + field);
            }
            assertFalse(provenance.path("files").isEmpty());
            assertEquals(spec.inputSize(), provenance.at("/input/shape/1").asInt(), spec.fileName() + " input size");
            byte[] model;
            try (InputStream in = getClass().getResourceAsStream("/models/" + spec.fileName() + ".pt")) {
                model = in.readAllBytes();
            }
            assertEquals(provenance.at("/torchscript/sha256").asText(), RequestSignature.sha256Hex(model),
                    spec.fileName() + " was swapped or altered");
        }
    }

    @Test
    void gearIsQuantizedOnPhotosThatNoTestJudgesItBy() throws IOException {
        JsonNode quantized = provenance(ModelSpec.GEAR).path("quantized");
        assertFalse(quantized.isMissingNode(), "GEAR ships as int8: its provenance records how");
        assertFalse(quantized.at("/fp32/sha256").asText().isBlank());
        assertTrue(quantized.at("/calibration/crops").asInt() >= 100, "calibrated on " + quantized.at("/calibration/crops"));
        Set<String> testPhotos;
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources"))) {
            testPhotos = files.filter(Files::isRegularFile).map(ProvenanceTest::read).map(RequestSignature::sha256Hex)
                    .collect(Collectors.toSet());
        }
        assertFalse(quantized.at("/calibration/photos").isEmpty());
        for (JsonNode photo : quantized.at("/calibration/photos")) {
            assertFalse(testPhotos.contains(photo.path("sha256").asText()),
                    photo.path("file").asText() + " calibrated GEAR and is also a test resource");
        }
    }

    private static JsonNode provenance(ModelSpec spec) throws IOException {
        try (InputStream in = ProvenanceTest.class.getResourceAsStream("/models/" + spec.fileName() + ".provenance.json")) {
            assertNotNull(in, "no provenance for " + spec.fileName());
            return new ObjectMapper().readTree(in);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
