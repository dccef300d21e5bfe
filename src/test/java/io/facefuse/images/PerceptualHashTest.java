package io.facefuse.images;

import io.facefuse.models.RgbImage;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Photos;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pHash: near for the edits platforms make, far between different photos, mirror-aware. */
class PerceptualHashTest {

    @Test
    void editedCopiesStayNearAndOtherPhotosFar() {
        BufferedImage original = ImageEdits.read(Photos.bytes("sample2"));
        long hash = PerceptualHash.of(RgbImage.of(original));
        assertTrue(PerceptualHash.distance(hash, hashOf(ImageEdits.scaled(original, 0.25))) <= 4, "scaled");
        assertTrue(PerceptualHash.distance(hash, hashOf(ImageEdits.read(ImageEdits.jpeg(original, 0.3f)))) <= 4, "re-encoded");
        for (int other : new int[]{1, 3, 4, 5, 6}) {
            long different = hashOf(ImageEdits.read(Photos.bytes("sample" + other)));
            assertTrue(PerceptualHash.distance(hash, different) > 16, "sample" + other);
        }
    }

    @Test
    void theMirrorHashIsTheHashOfTheMirrorImage() {
        BufferedImage original = ImageEdits.read(Photos.bytes("sample4"));
        PerceptualHash.Hashes both = PerceptualHash.both(RgbImage.of(original));
        assertEquals(PerceptualHash.of(RgbImage.of(original)), both.hash());
        assertTrue(PerceptualHash.distance(both.mirror(), hashOf(ImageEdits.mirrored(original))) <= 3,
                "the mirror hash is (within cell rounding) the hash of the mirror image");
        assertTrue(PerceptualHash.distance(both.hash(), both.mirror()) > 10, "a mirror is a different hash");
    }

    private static long hashOf(BufferedImage image) {
        return PerceptualHash.of(RgbImage.of(image));
    }
}
