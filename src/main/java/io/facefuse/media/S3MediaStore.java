package io.facefuse.media;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Media in an S3 bucket ({@code facefuse.media.bucket}), deployed. Encryption, public-access
 * blocking and the backstop lifecycle are the bucket's own settings (terraform/storage.tf); a
 * write is one PUT, which S3 makes visible whole or not at all.
 */
public class S3MediaStore implements MediaStore {

    private final S3Client s3;
    private final String bucket;

    public S3MediaStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public void put(String key, byte[] bytes) {
        s3.putObject(put -> put.bucket(bucket).key(MediaStore.checkedKey(key)), RequestBody.fromBytes(bytes));
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(get -> get.bucket(bucket).key(MediaStore.checkedKey(key))).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) {
        // S3 answers a delete of a missing key with success, as the interface asks
        s3.deleteObject(delete -> delete.bucket(bucket).key(MediaStore.checkedKey(key)));
    }

    @Override
    public boolean deleteIfOlderThanAnHour(String key) {
        Instant written;
        try {
            written = s3.headObject(head -> head.bucket(bucket).key(MediaStore.checkedKey(key))).lastModified();
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) { // HEAD answers carry no error code, only the status
                return false;
            }
            throw e;
        }
        if (written.isAfter(Instant.now().minus(Duration.ofHours(1)))) {
            return false;
        }
        delete(key);
        return true;
    }

    /** Like a directory listing: {@code templates/app-4} does not list {@code templates/app-40/...}. */
    @Override
    public List<String> list(String prefix) {
        String directory = prefix.endsWith("/") ? prefix : prefix + "/";
        return s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(directory)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }
}
