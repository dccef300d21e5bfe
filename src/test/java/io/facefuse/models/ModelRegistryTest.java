package io.facefuse.models;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Load failures are reported with their reason, not thrown at the first request. */
class ModelRegistryTest {

    @Test
    void aMissingModelFileIsReportedByName(@TempDir Path empty) {
        try (ModelRegistry registry = ModelRegistry.load(EnumSet.of(ModelSpec.BLAZEFACE), Optional.of(empty))) {
            assertFalse(registry.isLoaded(ModelSpec.BLAZEFACE));
            assertTrue(registry.failures().get(ModelSpec.BLAZEFACE).contains("missing model file"),
                    registry.failures().toString());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> registry.run(ModelSpec.BLAZEFACE, new RgbImage(256, 256, new byte[256 * 256 * 3])));
            assertTrue(e.getMessage().contains("blazeface is not loaded"));
        }
    }

    @Test
    void aCorruptModelFileIsReported(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("nsfw.pt"), "not a TorchScript archive".getBytes());
        try (ModelRegistry registry = ModelRegistry.load(EnumSet.of(ModelSpec.NSFW), Optional.of(dir))) {
            assertFalse(registry.isLoaded(ModelSpec.NSFW));
            assertEquals(1, registry.failures().size());
        }
    }

    @Test
    void modelsAreReadFromADirectoryToo(@TempDir Path dir) throws IOException {
        try (var in = getClass().getResourceAsStream("/models/blazeface.pt")) {
            Files.copy(in, dir.resolve("blazeface.pt"));
        }
        try (ModelRegistry registry = ModelRegistry.load(EnumSet.of(ModelSpec.BLAZEFACE), Optional.of(dir))) {
            assertTrue(registry.isLoaded(ModelSpec.BLAZEFACE), registry.failures().toString());
            assertEquals(4, registry.run(ModelSpec.BLAZEFACE, new RgbImage(256, 256, new byte[256 * 256 * 3])).size());
        }
    }

    @Test
    void theWrongInputSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.NSFW.normalize(new RgbImage(10, 10, new byte[300])));
    }

    @Test
    void modelSelectionAcceptsAllNoneOrAList() {
        assertEquals(EnumSet.allOf(ModelSpec.class), Models.selected("all"));
        assertEquals(EnumSet.noneOf(ModelSpec.class), Models.selected("none"));
        assertEquals(EnumSet.of(ModelSpec.BLAZEFACE, ModelSpec.GEAR), Models.selected("blazeface, gear"));
        assertThrows(IllegalArgumentException.class, () -> Models.selected("blazeface,unknown"));
    }
}
