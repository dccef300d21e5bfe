package io.facefuse.labelling;

import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Writes and reads the {@link AigcRecord} as XMP ({@code TC260:AIGC}, namespace
 * {@value #NAMESPACE}): in a JPEG's APP1 segment through Commons Imaging, in a PNG's
 * {@code iTXt} chunk keyed {@code XML:com.adobe.xmp}. Neither touches the compressed pixels, and an
 * existing XMP packet is replaced, never appended to; {@link #withoutXmp} gives back the file as it
 * was before, byte for byte.
 */
public final class MetadataLabel {

    public static final String NAMESPACE = "http://www.tc260.org.cn/ns/AIGC/1.0/";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final String XMP_KEYWORD = "XML:com.adobe.xmp";

    public enum Format { JPEG, PNG }

    private MetadataLabel() {
    }

    public static Format formatOf(byte[] image) {
        if (image.length > 3 && (image[0] & 0xff) == 0xff && (image[1] & 0xff) == 0xd8) {
            return Format.JPEG;
        }
        if (image.length > 8 && java.util.Arrays.equals(java.util.Arrays.copyOf(image, 8), PNG_SIGNATURE)) {
            return Format.PNG;
        }
        return null;
    }

    public static byte[] write(byte[] image, AigcRecord record) throws IOException {
        String xmp = xmp(record);
        Format format = formatOf(image);
        if (format == Format.JPEG) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(image.length + xmp.length() + 64);
            new JpegXmpRewriter().updateXmpXml(image, out, xmp);
            return out.toByteArray();
        }
        if (format == Format.PNG) {
            return withPngXmp(image, xmp);
        }
        throw new IOException("metadata labels are written into JPEG and PNG files");
    }

    /**
     * The file with its XMP packet left out (a JPEG's XMP APP1 segments, a PNG's XMP iTXt chunks) and
     * every other byte as it is: for a file {@link #write} labelled, the file it was given. What the
     * record's signature binds, so that a verifier needs no image decoder, only these bytes.
     */
    public static byte[] withoutXmp(byte[] image) throws IOException {
        Format format = formatOf(image);
        if (format == Format.JPEG) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(image.length);
            try {
                new JpegXmpRewriter().removeXmpXml(image, out);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new IOException("damaged JPEG: " + e.getMessage(), e);
            }
            return out.toByteArray();
        }
        if (format == Format.PNG) {
            return withPngXmp(image, null);
        }
        throw new IOException("metadata labels are read from JPEG and PNG files");
    }

    /**
     * The record in the file's XMP, or else where other producers put it (a PNG {@code tEXt} or
     * {@code iTXt} chunk keyed {@code AIGC}, or {@code {"AIGC":...}} in a JPEG's EXIF UserComment);
     * null when it carries none.
     */
    public static AigcRecord read(byte[] image) throws IOException {
        Format format = formatOf(image);
        if (format == null) {
            return null;
        }
        AigcRecord inXmp = readXmp(image);
        if (inXmp != null) {
            return inXmp;
        }
        try {
            return format == Format.PNG ? ForeignLabels.fromPngText(image) : ForeignLabels.fromExifUserComment(image);
        } catch (RuntimeException e) {
            return null; // a damaged file carries no readable record
        }
    }

    private static AigcRecord readXmp(byte[] image) {
        String xmp;
        try {
            xmp = Imaging.getXmpXml(image);
        } catch (IOException | IllegalArgumentException e) {
            return null; // a damaged file carries no readable record
        }
        if (xmp == null) {
            return null;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            // the packet comes from outside: no DTDs, no external entities
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xmp)));
            NodeList nodes = document.getElementsByTagNameNS(NAMESPACE, "AIGC");
            return nodes.getLength() == 0 ? null : AigcRecord.parse(nodes.item(0).getTextContent());
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return null;
        }
    }

    static String xmp(AigcRecord record) {
        String json = record.toJson().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                + "  <rdf:Description rdf:about=\"\" xmlns:TC260=\"" + NAMESPACE + "\">\n"
                + "   <TC260:AIGC>" + json + "</TC260:AIGC>\n"
                + "  </rdf:Description>\n"
                + " </rdf:RDF>\n"
                + "</x:xmpmeta>\n"
                + "<?xpacket end=\"w\"?>";
    }

    /**
     * Copies the PNG chunk by chunk, leaving out any XMP iTXt chunk, and puts the new one (unless
     * null) before the first IDAT. Commons Imaging can read PNG XMP but writes PNGs only by
     * re-encoding them.
     */
    private static byte[] withPngXmp(byte[] png, String xmp) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + (xmp == null ? 0 : xmp.length() + 64));
        out.write(PNG_SIGNATURE);
        ByteBuffer in = ByteBuffer.wrap(png, 8, png.length - 8);
        boolean written = false;
        while (in.remaining() >= 12) {
            int start = in.position();
            int length = in.getInt();
            if (length < 0 || length > in.remaining() - 8) {
                throw new IOException("truncated PNG chunk at byte " + start);
            }
            String type = new String(png, in.position(), 4, StandardCharsets.US_ASCII);
            int end = in.position() + 4 + length + 4;
            if (type.equals("IDAT") && !written) {
                if (xmp != null) {
                    writeChunk(out, "iTXt", itxt(xmp));
                }
                written = true;
            }
            if (!(type.equals("iTXt") && startsWithKeyword(png, in.position() + 4, length))) {
                out.write(png, start, end - start);
            }
            in.position(end);
            if (type.equals("IEND")) {
                break;
            }
        }
        if (!written) {
            throw new IOException("not a PNG with image data");
        }
        return out.toByteArray();
    }

    private static boolean startsWithKeyword(byte[] png, int data, int length) {
        byte[] keyword = (XMP_KEYWORD + "\0").getBytes(StandardCharsets.ISO_8859_1);
        return length >= keyword.length && java.util.Arrays.equals(png, data, data + keyword.length, keyword, 0, keyword.length);
    }

    private static byte[] itxt(String text) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(XMP_KEYWORD.getBytes(StandardCharsets.ISO_8859_1));
        data.write(new byte[]{0, 0, 0, 0, 0}); // end of keyword, not compressed, method 0, no language, no translation
        data.write(text.getBytes(StandardCharsets.UTF_8));
        return data.toByteArray();
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
