package io.facefuse.media;

import java.util.List;
import java.util.Optional;

/**
 * Where media lives (templates now; inputs and results later): one small interface, a local
 * directory by default and S3 when deployed. Keys are paths such as {@code templates/<app>/<id>}.
 */
public interface MediaStore {

    void put(String key, byte[] bytes);

    Optional<byte[]> get(String key);

    /** Removes the object; removing what is not there is not an error. */
    void delete(String key);

    /** Removes the object if it was written more than an hour ago; answers whether it did. */
    boolean deleteIfOlderThanAnHour(String key);

    /** The keys under a prefix, for deletion proofs and purges. */
    List<String> list(String prefix);
}
