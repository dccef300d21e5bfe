package io.facefuse.labelling;

import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * AIGC records as other producers write them (LABELLING.md): a PNG {@code tEXt} or {@code iTXt}
 * chunk keyed {@code AIGC}, and {@code {"AIGC":...}} in a JPEG's EXIF UserComment. Read only:
 * facefuse itself writes XMP. Hostile files are expected, so every length is checked.
 */
final class ForeignLabels {

    private static final String KEYWORD = "AIGC";
    private static final int MAX_TEXT = 1 << 20;

    private ForeignLabels() {
    }

    static AigcRecord fromPngText(byte[] png) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(png);
        in.position(8);
        while (in.remaining() >= 12) {
            int length = in.getInt();
            byte[] type = new byte[4];
            in.get(type);
            if (length < 0 || length > in.remaining() - 4) {
                return null;
            }
            byte[] data = new byte[length];
            in.get(data);
            in.getInt(); // CRC
            String chunk = new String(type, StandardCharsets.ISO_8859_1);
            String text = chunk.equals("tEXt") ? tEXt(data) : chunk.equals("iTXt") ? iTXt(data) : null;
            if (text != null) {
                AigcRecord record = record(text);
                if (record != null) {
                    return record;
                }
            }
            if (chunk.equals("IEND")) {
                break;
            }
        }
        return null;
    }

    static AigcRecord fromExifUserComment(byte[] jpeg) throws IOException {
        ImageMetadata metadata = Imaging.getMetadata(jpeg);
        if (!(metadata instanceof JpegImageMetadata exif) || exif.getExif() == null) {
            return null;
        }
        TiffField field = exif.getExif().findField(ExifTagConstants.EXIF_TAG_USER_COMMENT, true);
        if (field == null) {
            return null;
        }
        Object value = field.getValue();
        String comment = value instanceof String text ? text : new String(field.getByteArrayValue(), StandardCharsets.UTF_8);
        int start = comment.indexOf("{\"AIGC\"");
        return start < 0 ? null : AigcRecord.parse(comment.substring(start).trim());
    }

    /** A record as the whole {"AIGC":{...}} document, or as its inner object. */
    private static AigcRecord record(String text) {
        AigcRecord record = AigcRecord.parse(text);
        return record != null ? record : AigcRecord.parse("{\"AIGC\":" + text + "}");
    }

    /** keyword NUL text (Latin-1); the text when the keyword is AIGC. */
    private static String tEXt(byte[] data) {
        int nul = indexOf(data, 0);
        if (nul < 0 || !new String(data, 0, nul, StandardCharsets.ISO_8859_1).equals(KEYWORD)) {
            return null;
        }
        return new String(data, nul + 1, data.length - nul - 1, StandardCharsets.ISO_8859_1);
    }

    /** keyword NUL flag method language NUL translated NUL text (UTF-8, deflated when flagged). */
    private static String iTXt(byte[] data) {
        int nul = indexOf(data, 0);
        if (nul < 0 || nul + 3 > data.length || !new String(data, 0, nul, StandardCharsets.ISO_8859_1).equals(KEYWORD)) {
            return null;
        }
        boolean compressed = data[nul + 1] == 1;
        int language = indexOf(data, nul + 3);
        int translated = language < 0 ? -1 : indexOf(data, language + 1);
        if (translated < 0) {
            return null;
        }
        byte[] text = java.util.Arrays.copyOfRange(data, translated + 1, data.length);
        return new String(compressed ? inflate(text) : text, StandardCharsets.UTF_8);
    }

    private static byte[] inflate(byte[] deflated) {
        Inflater inflater = new Inflater();
        inflater.setInput(deflated);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            while (!inflater.finished() && out.size() <= MAX_TEXT) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            return new byte[0];
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
