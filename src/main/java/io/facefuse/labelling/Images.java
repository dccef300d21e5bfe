package io.facefuse.labelling;

import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

/** Decoding with a pixel budget checked from the header first, and encoding back to the same format. */
final class Images {

    private Images() {
    }

    /** Decodes, refusing before decoding what would exceed {@code maxPixels} (decompression bombs). */
    static BufferedImage decode(byte[] encoded, long maxPixels) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ApiException(ErrorCode.ImageDecodeFailed, "not a readable image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new ApiException(ErrorCode.ImageTooLarge, reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " is more than " + maxPixels + " pixels");
                }
                BufferedImage image = reader.read(0);
                BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
                rgb.getGraphics().drawImage(image, 0, 0, null);
                return rgb;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(ErrorCode.ImageDecodeFailed, "the image is damaged or truncated");
        }
    }

    static byte[] encode(BufferedImage image, MetadataLabel.Format format, float jpegQuality) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            if (format == MetadataLabel.Format.PNG) {
                ImageIO.write(image, "png", bytes);
                return bytes.toByteArray();
            }
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(jpegQuality);
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("encoding failed", e);
        }
    }

    /** SHA-256 over the decoded RGB pixels: what a metadata signature binds, whatever the container. */
    static byte[] pixelDigest(BufferedImage image) {
        int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(8 + rgb.length * 4);
        buffer.putInt(image.getWidth()).putInt(image.getHeight());
        for (int pixel : rgb) {
            buffer.putInt(pixel & 0xffffff);
        }
        return io.facefuse.security.RequestSignature.sha256(buffer.array());
    }
}
