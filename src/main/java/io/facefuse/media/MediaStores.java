package io.facefuse.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.util.Optional;

/** Chooses the media store: {@code facefuse.media.store} is {@code local} (default) or {@code s3}. */
@ApplicationScoped
public class MediaStores {

    @Produces
    @ApplicationScoped
    MediaStore mediaStore(@ConfigProperty(name = "facefuse.media.store", defaultValue = "local") String store,
                          @ConfigProperty(name = "facefuse.media.dir") Path directory,
                          @ConfigProperty(name = "facefuse.media.bucket") Optional<String> bucket,
                          Instance<S3Client> s3) {
        return switch (store) {
            case "local" -> new LocalMediaStore(directory);
            // The quarkus-amazon-s3 client (quarkus.s3.*): region and credentials from the
            // environment, as Lambda sets them; created only when S3 is the store.
            case "s3" -> new S3MediaStore(s3.get(),
                    bucket.orElseThrow(() -> new IllegalStateException("facefuse.media.store=s3 needs facefuse.media.bucket")));
            default -> throw new IllegalStateException("facefuse.media.store must be local or s3, not " + store);
        };
    }
}
