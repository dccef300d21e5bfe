package io.facefuse.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The test profile's media store on disk ({@code %test.facefuse.media.dir}). */
public final class TestMedia {

    public static final Path ROOT = Path.of("target/test-media");

    private TestMedia() {
    }

    /** The files stored under {@code folder} of the store ("" for all, "results", "results/{app}"); 0 where none. */
    public static long files(String folder) {
        Path under = ROOT.resolve(folder);
        if (!Files.exists(under)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(under)) {
            return walk.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
