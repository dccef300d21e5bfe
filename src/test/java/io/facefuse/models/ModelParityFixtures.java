package io.facefuse.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.InputStream;

/** The fixtures tools/models/reference.mjs wrote: each model's input PNGs and the original's outputs. */
public final class ModelParityFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelParityFixtures() {
    }

    public static JsonNode entries(String model) throws IOException {
        try (InputStream in = ModelParityFixtures.class.getResourceAsStream("/models/fixtures/" + model + ".json")) {
            JsonNode entries = JSON.readTree(in).get("entries");
            if (entries.isEmpty()) {
                throw new IllegalStateException("no fixtures for " + model);
            }
            return entries;
        }
    }

    public static RgbImage input(String model, JsonNode entry) throws IOException {
        String resource = "/models/fixtures/" + model + "-" + entry.get("photo").asText() + ".png";
        try (InputStream in = ModelParityFixtures.class.getResourceAsStream(resource)) {
            return RgbImage.of(ImageIO.read(in));
        }
    }
}
