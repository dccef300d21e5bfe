package io.facefuse.images;

import io.facefuse.models.RgbImage;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Dimension;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Decoding untrusted images with their size checked from the header before any pixel is decoded
 * (decompression bombs), and encoding back. Every failure is an {@link ApiException} with its own
 * code, so a hostile upload never surfaces as a 500.
 */
public final class Images {

    /** The formats facefuse accepts, told apart by their first bytes rather than by the request's label. */
    public enum Format {
        JPEG("image/jpeg"), PNG("image/png"), WEBP("image/webp");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }
    }

    /**
     * Scans a JPEG may hold: ten or so make a progressive one, thousands make a decoding-time bomb
     * (libjpeg-turbo's own guard, in its TurboJPEG API, stops at 500).
     */
    static final int MAX_JPEG_SCANS = 100;

    /** An EXIF block larger than this is not looked into (a JPEG's APP1 segment holds at most 64 KB). */
    static final int MAX_EXIF_BYTES = 65_535;

    /** What a caller allows: at most {@code maxPixels}, and neither side below {@code minSide}. */
    public record Limits(long maxPixels, int minSide) {
    }

    private Images() {
    }

    /** The format the bytes are in, or null when they are none of the accepted ones. */
    public static Format sniff(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return Format.JPEG;
        }
        if (bytes.length >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return Format.PNG;
        }
        if (bytes.length >= 12 && bytes[0] == 'R' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == 'F'
                && bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B' && bytes[11] == 'P') {
            return Format.WEBP;
        }
        return null;
    }

    /** Decodes, refusing before decoding what would exceed {@code maxPixels} (decompression bombs). */
    public static BufferedImage decode(byte[] encoded, long maxPixels) {
        return decode(encoded, new Limits(maxPixels, 1));
    }

    /** Decodes within {@code limits}; the answer is always TYPE_INT_RGB (alpha dropped). */
    public static BufferedImage decode(byte[] encoded, Limits limits) {
        BufferedImage rgb;
        if (sniff(encoded) == Format.JPEG) {
            rgb = decoded(JpegCodec.decode(encoded, checkJpeg(encoded, limits)));
        } else {
            BufferedImage image = decodeAsIs(encoded, limits);
            rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(image, 0, 0, null);
        }
        inSrgb(encoded, rgb.getRaster());
        return rgb;
    }

    /** Decodes within {@code limits} straight to the pixels the models take, without an intermediate copy. */
    public static RgbImage pixels(byte[] encoded, Limits limits) {
        RgbImage image;
        if (sniff(encoded) != Format.JPEG) {
            image = RgbImage.of(decodeAsIs(encoded, limits));
        } else {
            image = decoded(JpegCodec.decodeRgb(encoded, checkJpeg(encoded, limits)));
        }
        inSrgb(encoded, ColourProfile.raster(image.rgb(), image.width(), image.height()));
        return image;
    }

    /** The decoded pixels of {@code encoded} converted to sRGB where the file's ICC profile says they are not. */
    private static void inSrgb(byte[] encoded, WritableRaster raster) {
        ColourProfile.Conversion toSrgb = ColourProfile.toSrgb(encoded, sniff(encoded));
        if (toSrgb != null) {
            toSrgb.apply(raster);
        }
    }

    /**
     * The size the header announces, within {@code limits}, upright (a JPEG's EXIF orientation
     * applied, as decoding does); no pixel is decoded.
     */
    public static Dimension size(byte[] encoded, Limits limits) {
        Dimension stored = sniff(encoded) == Format.JPEG ? checkJpeg(encoded, limits).size()
                : withReader(encoded, limits, reader -> new Dimension(reader.getWidth(0), reader.getHeight(0)));
        return exifOrientation(encoded) >= 5 ? new Dimension(stored.height, stored.width) : stored;
    }

    /**
     * The EXIF orientation tag (1-8: 5 to 8 turn the image by a quarter) of a JPEG, PNG (eXIf chunk)
     * or WebP (EXIF chunk), 1 where there is none or it makes no sense. A PNG's and a WebP's EXIF
     * chunk is found by walking the file's chunks here: commons-imaging's PNG metadata would inflate
     * every compressed text chunk on the way, and a zTXt of a few megabytes inflates to gigabytes.
     */
    static int exifOrientation(byte[] encoded) {
        try {
            TiffImageMetadata exif = switch (sniff(encoded)) {
                case JPEG -> Imaging.getMetadata(encoded) instanceof JpegImageMetadata jpeg ? jpeg.getExif() : null;
                case PNG -> tiff(pngChunk(encoded, "eXIf"));
                case WEBP -> tiff(webpChunk(encoded, "EXIF"));
                case null -> null;
            };
            TiffField field = exif == null ? null : exif.findField(TiffTagConstants.TIFF_TAG_ORIENTATION);
            int orientation = field == null ? 1 : field.getIntValue();
            return orientation >= 1 && orientation <= 8 ? orientation : 1;
        } catch (IOException | RuntimeException e) {
            // unreadable metadata: the decoder ignores it too
            return 1;
        }
    }

    /** The EXIF block (a TIFF stream) read as metadata; null when there is none or it is larger than EXIF blocks are. */
    private static TiffImageMetadata tiff(byte[] block) throws IOException {
        if (block == null || block.length > MAX_EXIF_BYTES) {
            return null;
        }
        // some writers keep the "Exif\0\0" prefix of a JPEG's APP1 segment in front of the TIFF stream
        byte[] stream = block.length > 6 && block[0] == 'E' && block[1] == 'x' && block[2] == 'i' && block[3] == 'f'
                ? Arrays.copyOfRange(block, 6, block.length) : block;
        return Imaging.getMetadata(stream) instanceof TiffImageMetadata metadata ? metadata : null;
    }

    /** The data of a PNG's first chunk of {@code type} (after the signature: length, type, data, CRC), or null. */
    static byte[] pngChunk(byte[] png, String type) {
        int at = 8;
        while (at + 8 <= png.length) {
            long length = ((png[at] & 0xffL) << 24) | ((png[at + 1] & 0xff) << 16) | ((png[at + 2] & 0xff) << 8)
                    | (png[at + 3] & 0xff);
            String name = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
            long end = at + 8 + length;
            if (end > png.length) {
                return null;
            }
            if (name.equals(type)) {
                return Arrays.copyOfRange(png, at + 8, (int) end);
            }
            if (name.equals("IEND")) {
                return null;
            }
            at = (int) end + 4; // the CRC
        }
        return null;
    }

    /**
     * The data of a WebP's first chunk of {@code fourCc} (RIFF: four-character code, little-endian
     * size, data padded to an even length), or null.
     */
    private static byte[] webpChunk(byte[] webp, String fourCc) {
        int at = 12; // "RIFF", the file's size, "WEBP"
        while (at + 8 <= webp.length) {
            String name = new String(webp, at, 4, StandardCharsets.ISO_8859_1);
            long size = (webp[at + 4] & 0xffL) | ((webp[at + 5] & 0xff) << 8) | ((webp[at + 6] & 0xff) << 16)
                    | ((webp[at + 7] & 0xffL) << 24);
            long end = at + 8 + size;
            if (end > webp.length) {
                return null;
            }
            if (name.equals(fourCc)) {
                return Arrays.copyOfRange(webp, at + 8, (int) end);
            }
            at = (int) (end + (size & 1));
        }
        return null;
    }

    /**
     * A grey image's own values as grey RGB. ImageIO gives a grey PNG (8 or 16 bits, with or without
     * alpha) Java's linear grey colour space, so every conversion to RGB (getRGB, drawing) treats its
     * values as linear light and brightens them (10 became 56); a PNG's grey values are encoded like
     * sRGB's, so they are copied as they are, scaled to 8 bits. Other images pass unchanged.
     */
    static BufferedImage greyAsStored(BufferedImage image) {
        if (image.getColorModel().getColorSpace().getType() != ColorSpace.TYPE_GRAY) {
            return image;
        }
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        int max = (1 << image.getColorModel().getComponentSize(0)) - 1;
        int[] grey = raster.getSamples(0, 0, w, h, 0, (int[]) null);
        int[] rgb = new int[grey.length];
        for (int i = 0; i < grey.length; i++) {
            int v = (grey[i] * 255 + max / 2) / max;
            rgb[i] = v << 16 | v << 8 | v;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    /**
     * A PNG's or WebP's pixels turned upright by their EXIF orientation, as libjpeg-turbo's decoder
     * does for a JPEG (ImageIO's readers do not): a phone's photo may be stored on its side.
     */
    static BufferedImage upright(BufferedImage stored, int orientation) {
        if (orientation == 1) {
            return stored;
        }
        int w = stored.getWidth();
        int h = stored.getHeight();
        boolean quarter = orientation >= 5;
        int width = quarter ? h : w;
        int height = quarter ? w : h;
        int[] from = stored.getRGB(0, 0, w, h, null, 0, w);
        int[] to = new int[from.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                to[y * width + x] = from[storedPixel(orientation, x, y, w, h)];
            }
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, width, height, to, 0, width);
        return out;
    }

    /** Where the shown pixel (x, y) of an image stored {@code w}×{@code h} under EXIF {@code orientation} 2-8 is stored. */
    static int storedPixel(int orientation, int x, int y, int w, int h) {
        return switch (orientation) {
            case 2 -> y * w + (w - 1 - x);
            case 3 -> (h - 1 - y) * w + (w - 1 - x);
            case 4 -> (h - 1 - y) * w + x;
            case 5 -> x * w + y;
            case 6 -> (h - 1 - x) * w + y;
            case 7 -> (h - 1 - x) * w + (w - 1 - y);
            default -> x * w + (w - 1 - y); // 8
        };
    }

    /**
     * Decodes an image other than a JPEG (those go through {@link JpegCodec}) within {@code limits},
     * through ImageIO's readers, in whatever layout the reader produced (no copy).
     */
    private static BufferedImage decodeAsIs(byte[] encoded, Limits limits) {
        return upright(greyAsStored(withReader(encoded, limits, reader -> reader.read(0))), exifOrientation(encoded));
    }

    /**
     * Refuses a JPEG whose header is outside {@code limits}, has no frame header, or holds too many
     * scans, before any pixel; answers the header (its stored size among it).
     */
    private static JpegCodec.Header checkJpeg(byte[] jpeg, Limits limits) {
        JpegCodec.Header header = JpegCodec.header(jpeg);
        if (header.width() == 0 || header.height() == 0) {
            throw new ApiException(ErrorCode.ImageDecodeFailed, "the image is damaged or truncated");
        }
        checkSize(header.width(), header.height(), limits);
        if (header.scans() > MAX_JPEG_SCANS) {
            throw new ApiException(ErrorCode.ImageDecodeFailed, "a JPEG of " + header.scans() + " scans; at most "
                    + MAX_JPEG_SCANS + " are read");
        }
        return header;
    }

    private static void checkSize(int width, int height, Limits limits) {
        if ((long) width * height > limits.maxPixels()) {
            throw new ApiException(ErrorCode.ImageTooLarge, width + "x" + height + " is more than "
                    + limits.maxPixels() + " pixels");
        }
        if (Math.min(width, height) < limits.minSide()) {
            throw new ApiException(ErrorCode.ImageTooSmall, width + "x" + height + " is smaller than "
                    + limits.minSide() + " pixels on a side");
        }
    }

    /** The codec's answer, or the refusal when it had none (damaged data). */
    private static <T> T decoded(T image) {
        if (image == null) {
            throw new ApiException(ErrorCode.ImageDecodeFailed, "the image is damaged or truncated");
        }
        return image;
    }

    private interface ReaderWork<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /** Opens a reader, refuses what the header says is outside {@code limits}, then does the work. */
    private static <T> T withReader(byte[] encoded, Limits limits, ReaderWork<T> work) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ApiException(ErrorCode.ImageDecodeFailed, "not a readable image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                checkSize(reader.getWidth(0), reader.getHeight(0), limits);
                return work.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // codecs throw all sorts on hostile input (IndexOutOfBounds, NegativeArraySize, ...)
            throw new ApiException(ErrorCode.ImageDecodeFailed, "the image is damaged or truncated");
        }
    }

    /** PNG, or baseline JPEG at {@code jpegQuality} (0-1, libjpeg's scale divided by 100). */
    public static byte[] encode(BufferedImage image, boolean png, float jpegQuality) {
        if (!png) {
            int quality = Math.clamp(Math.round(jpegQuality * 100), 1, 100);
            int[] packed = packedPixels(image);
            byte[] jpeg = packed == null ? null : JpegCodec.encodePacked(packed, image.getWidth(), image.getHeight(), quality);
            return jpeg != null ? jpeg : JpegCodec.encode(asBgr(image), quality);
        }
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("encoding failed", e);
        }
    }

    /**
     * As above, of RGB pixels: a JPEG is encoded straight from them where the system's libjpeg-turbo is
     * there (the same file; without it, and for PNG, through a BGR image as before, a copy of the
     * whole picture and a pass over it: about 3 ms and 6 MB at 1080p).
     */
    public static byte[] encode(RgbImage image, boolean png, float jpegQuality) {
        if (!png) {
            byte[] jpeg = JpegCodec.encodeRgb(image, Math.clamp(Math.round(jpegQuality * 100), 1, 100));
            if (jpeg != null) {
                return jpeg;
            }
        }
        return encode(image.toBufferedImage(), png, jpegQuality);
    }

    /** The image as byte-interleaved BGR with a raster of its own (what the JPEG encoder takes): itself, or a copy. */
    private static BufferedImage asBgr(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && image.getRaster().getParent() == null
                && image.getRaster().getDataBuffer().getSize() == image.getWidth() * image.getHeight() * 3) {
            return image;
        }
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(image, 0, 0, null);
        return bgr;
    }

    /**
     * The image's own pixel array where it is plain packed RGB (what {@link #decode} makes), to read
     * and write in place: getRGB and setRGB convert pixel by pixel. Null for any other layout.
     */
    public static int[] packedPixels(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB && image.getRaster().getDataBuffer() instanceof DataBufferInt buffer
                && buffer.getNumBanks() == 1 && buffer.getData().length == image.getWidth() * image.getHeight()) {
            return buffer.getData();
        }
        return null;
    }

    /**
     * Row {@code y} of the image as RGB ints into {@code row}: copied from {@code packed} (the image's
     * {@link #packedPixels}, looked up once by the caller) where there is one, else through getRGB.
     */
    public static void readRow(BufferedImage image, int[] packed, int y, int[] row) {
        int w = image.getWidth();
        if (packed != null) {
            System.arraycopy(packed, y * w, row, 0, w);
        } else {
            image.getRGB(0, y, w, 1, row, 0, w);
        }
    }
}
