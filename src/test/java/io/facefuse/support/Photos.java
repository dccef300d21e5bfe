package io.facefuse.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The sample photos under src/test/resources/photos (from @vladmandic/face-api's demo). */
public final class Photos {

    private Photos() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Photos.class.getResourceAsStream("/photos/" + name + ".jpg")) {
            if (in == null) {
                throw new IOException("no sample photo " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any file under src/test/resources, by its absolute resource path. */
    public static byte[] resource(String path) {
        try (InputStream in = Photos.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
