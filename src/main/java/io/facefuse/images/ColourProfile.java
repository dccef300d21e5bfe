package io.facefuse.images;

import org.apache.commons.imaging.Imaging;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Colours as the file means them. A photo's embedded ICC profile (a phone's Display P3, a camera's
 * Adobe RGB) is applied on decoding: the pixels are converted to sRGB, which the models were trained
 * on and which facefuse's outputs, carrying no profile, are shown as. libjpeg-turbo and the JDK's PNG
 * reader ignore the profile, so without this a Display P3 JPEG or PNG read (and came out of a fusion or
 * a label) desaturated; the WebP reader applies its own.
 * A profile that cannot be read is ignored, as browsers do.
 */
final class ColourProfile {

    /** Larger profiles exist (printer LUTs), but not in photos; a PNG's compressed one is not inflated past this. */
    static final int MAX_PROFILE_BYTES = 4 << 20;

    /**
     * Every channel at 0, 64, 128, 192 and 255: a profile that moves none of these colours by more than
     * a level is sRGB already, and the conversion done here must give them within two of the JDK's.
     */
    private static final byte[] PROBE = probe();

    /**
     * What was found for a profile, by its digest: empty where it is sRGB already, else its matrix
     * conversion. Most photos that carry a profile carry one of a few (cameras' sRGB, phones' Display
     * P3), and finding out costs about 3 ms a decode (the colour management's set-up and probe).
     */
    private static final Map<String, Optional<MatrixProfile>> REMEMBERED = new ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 256;

    private ColourProfile() {
    }

    /** Decoded pixels (three bands: R, G, B, 8 bits each) converted to sRGB in place. */
    interface Conversion {
        void apply(WritableRaster raster);
    }

    /**
     * The conversion of the image's pixels to sRGB, or null where it needs none: no profile, a
     * profile that is not RGB (grey, CMYK) or cannot be read, or one that is sRGB already (cameras
     * embed one). A matrix/TRC profile is converted by {@link MatrixProfile}, anything else by the
     * JDK's colour management (LittleCMS).
     */
    static Conversion toSrgb(byte[] encoded, Images.Format format) {
        if (format == null) {
            return null;
        }
        try {
            byte[] bytes = switch (format) {
                case JPEG -> Imaging.getIccProfileBytes(encoded);
                case PNG -> pngProfile(Images.pngChunk(encoded, "iCCP"));
                case WEBP -> null; // TwelveMonkeys' WebP reader applies a WebP's ICCP chunk itself
            };
            if (bytes == null || bytes.length > MAX_PROFILE_BYTES) {
                return null;
            }
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            Optional<MatrixProfile> known = REMEMBERED.get(digest);
            if (known != null) {
                return known.orElse(null);
            }
            ICC_Profile profile = ICC_Profile.getInstance(bytes);
            if (profile.getColorSpaceType() != ColorSpace.TYPE_RGB || profile.getNumComponents() != 3) {
                return null;
            }
            ColorConvertOp op = new ColorConvertOp(new ICC_ColorSpace(profile),
                    ColorSpace.getInstance(ColorSpace.CS_sRGB), null);
            Conversion byTheCmm = raster -> {
                WritableRaster out = raster.createCompatibleWritableRaster();
                op.filter(raster, out);
                raster.setRect(out);
            };
            byte[] probed = converted(byTheCmm);
            if (differsBy(probed, PROBE) <= 1) {
                remember(digest, Optional.empty());
                return null;
            }
            MatrixProfile matrix = MatrixProfile.of(profile);
            if (matrix != null && differsBy(converted(matrix), probed) <= 2) {
                remember(digest, Optional.of(matrix));
                return matrix;
            }
            return byTheCmm;
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            // a damaged profile, or one the colour management cannot use (CMMException)
            return null;
        }
    }

    private static void remember(String digest, Optional<MatrixProfile> found) {
        if (REMEMBERED.size() < MAX_REMEMBERED) {
            REMEMBERED.put(digest, found);
        }
    }

    /** Interleaved R, G, B bytes (an {@code RgbImage}'s) as a raster over the same array. */
    static WritableRaster raster(byte[] rgb, int width, int height) {
        return Raster.createInterleavedRaster(new DataBufferByte(rgb, rgb.length), width, height, width * 3, 3,
                new int[] {0, 1, 2}, null);
    }

    /** The probe's colours as {@code conversion} converts them. */
    private static byte[] converted(Conversion conversion) {
        byte[] out = PROBE.clone();
        conversion.apply(raster(out, out.length / 3, 1));
        return out;
    }

    private static int differsBy(byte[] a, byte[] b) {
        int most = 0;
        for (int i = 0; i < a.length; i++) {
            most = Math.max(most, Math.abs((a[i] & 0xff) - (b[i] & 0xff)));
        }
        return most;
    }

    private static byte[] probe() {
        byte[] probe = new byte[125 * 3];
        int i = 0;
        for (int r = 0; r < 5; r++) {
            for (int g = 0; g < 5; g++) {
                for (int b = 0; b < 5; b++) {
                    probe[i++] = (byte) Math.min(255, r * 64);
                    probe[i++] = (byte) Math.min(255, g * 64);
                    probe[i++] = (byte) Math.min(255, b * 64);
                }
            }
        }
        return probe;
    }

    /**
     * An iCCP chunk's profile: a name of 1-79 bytes, a zero, the compression method (0: zlib), the
     * compressed profile; null where it is malformed or inflates past {@link #MAX_PROFILE_BYTES}.
     */
    private static byte[] pngProfile(byte[] chunk) {
        if (chunk == null) {
            return null;
        }
        int zero = 0;
        while (zero < chunk.length && chunk[zero] != 0) {
            zero++;
        }
        if (zero == 0 || zero > 79 || zero + 2 > chunk.length || chunk[zero + 1] != 0) {
            return null;
        }
        Inflater inflater = new Inflater();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            inflater.setInput(Arrays.copyOfRange(chunk, zero + 2, chunk.length));
            byte[] buffer = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_PROFILE_BYTES) {
                    return null;
                }
            }
            return out.toByteArray();
        } catch (DataFormatException | IOException e) {
            return null;
        } finally {
            inflater.end();
        }
    }
}
