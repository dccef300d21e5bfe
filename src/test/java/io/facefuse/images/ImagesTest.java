package io.facefuse.images;

import io.facefuse.security.RequestSignature;
import io.facefuse.support.Photos;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The codec helpers whose outputs are bound by signatures: they must not depend on how pixels are laid out. */
class ImagesTest {

    private static final Images.Limits LIMITS = new Images.Limits(36_000_000, 1);

    /** The digest a metadata signature binds: width, height, then each pixel's 0RGB, big-endian. */
    @Test
    void thePixelDigestIsTheDocumentedHashWhateverTheLayout() {
        BufferedImage packed = Images.decode(Photos.bytes("sample2"), LIMITS);
        assertNotNull(Images.packedPixels(packed), "decode gives packed RGB");
        BufferedImage bgr = new BufferedImage(packed.getWidth(), packed.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(packed, 0, 0, null);
        assertNull(Images.packedPixels(bgr));

        int[] pixels = packed.getRGB(0, 0, packed.getWidth(), packed.getHeight(), null, 0, packed.getWidth());
        ByteBuffer all = ByteBuffer.allocate(8 + pixels.length * 4).putInt(packed.getWidth()).putInt(packed.getHeight());
        for (int pixel : pixels) {
            all.putInt(pixel & 0xffffff);
        }
        byte[] expected = RequestSignature.sha256(all.array());
        assertArrayEquals(expected, Images.pixelDigest(packed));
        assertArrayEquals(expected, Images.pixelDigest(bgr));
    }

    /** Packed RGB goes to the JPEG writer through a BGR copy, which must not change a single byte of the file. */
    @Test
    void aJpegIsTheSameFileFromPackedOrInterleavedPixels() throws IOException {
        BufferedImage packed = Images.decode(Photos.bytes("sample5"), LIMITS);
        BufferedImage bgr = new BufferedImage(packed.getWidth(), packed.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(packed, 0, 0, null);
        byte[] fromPacked = Images.encode(packed, false, 0.9f);
        assertArrayEquals(Images.encode(bgr, false, 0.9f), fromPacked);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(fromPacked));
        assertEquals(packed.getWidth(), back.getWidth());
        assertEquals(packed.getHeight(), back.getHeight());
    }
}
