package io.facefuse.labelling;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AIGC record goes into JPEG and PNG files, reads back, replaces an old one, and leaves the pixels alone. */
class MetadataLabelTest {

    private static final AigcRecord RECORD = AigcRecord.produced("FACEFUSE0000000000000000001", "ffc_123")
            .signed("hmac-sha256:abc");

    @Test
    void aJpegCarriesTheRecordAndKeepsItsCompressedPixels() throws IOException {
        byte[] jpeg = photo("sample2");
        byte[] labelled = MetadataLabel.write(jpeg, RECORD);
        assertEquals(RECORD, MetadataLabel.read(labelled));
        assertArrayEquals(pixels(jpeg), pixels(labelled));
        assertTrue(new String(labelled, java.nio.charset.StandardCharsets.ISO_8859_1).contains("http://www.tc260.org.cn/ns/AIGC/1.0/"));
        // the entropy-coded data after the start of scan is byte for byte the same
        assertArrayEquals(afterStartOfScan(jpeg), afterStartOfScan(labelled));
    }

    @Test
    void aPngCarriesTheRecordInAnXmpITxtChunk() throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(photo("sample3")));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        byte[] labelled = MetadataLabel.write(png.toByteArray(), RECORD);
        assertEquals(RECORD, MetadataLabel.read(labelled));
        assertArrayEquals(pixels(png.toByteArray()), pixels(labelled));
        assertTrue(new String(labelled, java.nio.charset.StandardCharsets.ISO_8859_1).contains("iTXtXML:com.adobe.xmp"));
    }

    @Test
    void writingAgainReplacesTheRecordInsteadOfAddingOne() throws IOException {
        AigcRecord second = AigcRecord.produced("FACEFUSE0000000000000000001", "ffc_456");
        for (byte[] image : new byte[][]{photo("sample1"), png(photo("sample1"))}) {
            byte[] twice = MetadataLabel.write(MetadataLabel.write(image, RECORD), second);
            assertEquals(second, MetadataLabel.read(twice));
            String text = new String(twice, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertEquals(text.indexOf("TC260:AIGC>"), text.lastIndexOf("<TC260:AIGC>") + 1, "one record only");
        }
    }

    /** What the signature binds: the file with the record left out is the file the record went into. */
    @Test
    void withoutXmpGivesBackTheFileTheRecordWentInto() throws IOException {
        for (byte[] image : new byte[][]{photo("sample1"), photo("sample6"), png(photo("sample2"))}) {
            assertArrayEquals(image, MetadataLabel.withoutXmp(MetadataLabel.write(image, RECORD)));
            byte[] relabelled = MetadataLabel.write(MetadataLabel.write(image, RECORD),
                    AigcRecord.produced("FACEFUSE0000000000000000001", "ffc_456"));
            assertArrayEquals(image, MetadataLabel.withoutXmp(relabelled), "a replaced record leaves nothing behind");
        }
        assertThrows(IOException.class, () -> MetadataLabel.withoutXmp("GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Test
    void theJsonIsTheStandardsShape() {
        assertEquals("{\"AIGC\":{\"Label\":\"1\",\"ContentProducer\":\"FACEFUSE0000000000000000001\",\"ProduceID\":\"ffc_123\","
                + "\"ReservedCode1\":\"hmac-sha256:abc\",\"ContentPropagator\":\"FACEFUSE0000000000000000001\","
                + "\"PropagateID\":\"ffc_123\",\"ReservedCode2\":\"\"}}", RECORD.toJson());
    }

    @Test
    void unlabelledAndForeignFilesReadAsNoRecord() throws IOException {
        assertNull(MetadataLabel.read(photo("sample4")));
        assertNull(MetadataLabel.read(new byte[]{1, 2, 3}));
        assertThrows(IOException.class, () -> MetadataLabel.write("GIF89a".getBytes(), RECORD));
    }

    @Test
    void anXmpPacketWithADoctypeIsNotExpanded() throws IOException {
        String hostile = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><TC260:AIGC xmlns:TC260=\"" + MetadataLabel.NAMESPACE
                + "\">&e;</TC260:AIGC></x:xmpmeta>";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter().updateXmpXml(photo("sample5"), out, hostile);
        assertNull(MetadataLabel.read(out.toByteArray()));
    }

    private static byte[] photo(String name) {
        return io.facefuse.support.Photos.bytes(name);
    }

    private static byte[] png(byte[] jpeg) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(ImageIO.read(new ByteArrayInputStream(jpeg)), "png", png);
        return png.toByteArray();
    }

    private static int[] pixels(byte[] encoded) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static byte[] afterStartOfScan(byte[] jpeg) {
        for (int i = 0; i < jpeg.length - 1; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xda) {
                return Arrays.copyOfRange(jpeg, i, jpeg.length);
            }
        }
        throw new IllegalArgumentException("no start of scan");
    }

    @Test
    void otherProducersPngTextChunksAreRead() throws Exception {
        // the inner object in a tEXt chunk keyed AIGC, written by ImageIO's own PNG metadata
        String inner = "{\"Label\":\"1\",\"ContentProducer\":\"OTHERVENDOR0000000000000000\",\"ProduceID\":\"x-42\"}";
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("png").next();
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(photo("sample2")));
        javax.imageio.metadata.IIOMetadata metadata = writer.getDefaultImageMetadata(
                new javax.imageio.ImageTypeSpecifier(image), null);
        javax.imageio.metadata.IIOMetadataNode entry = new javax.imageio.metadata.IIOMetadataNode("tEXtEntry");
        entry.setAttribute("keyword", "AIGC");
        entry.setAttribute("value", inner);
        javax.imageio.metadata.IIOMetadataNode text = new javax.imageio.metadata.IIOMetadataNode("tEXt");
        text.appendChild(entry);
        javax.imageio.metadata.IIOMetadataNode root = new javax.imageio.metadata.IIOMetadataNode("javax_imageio_png_1.0");
        root.appendChild(text);
        metadata.mergeTree("javax_imageio_png_1.0", root);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(png)) {
            writer.setOutput(out);
            writer.write(new javax.imageio.IIOImage(image, null, metadata));
        }
        AigcRecord record = MetadataLabel.read(png.toByteArray());
        assertEquals("OTHERVENDOR0000000000000000", record.contentProducer());
        assertEquals("x-42", record.produceId());
    }

    @Test
    void otherProducersExifUserCommentsAreRead() throws Exception {
        org.apache.commons.imaging.formats.tiff.write.TiffOutputSet exif = new org.apache.commons.imaging.formats.tiff.write.TiffOutputSet();
        exif.getOrCreateExifDirectory().add(org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants.EXIF_TAG_USER_COMMENT,
                "{\"AIGC\":{\"Label\":\"1\",\"ContentProducer\":\"CAMERAAPP000000000000000000\",\"ProduceID\":\"c-7\"}}");
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        new org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter().updateExifMetadataLossless(photo("sample3"), jpeg, exif);
        AigcRecord record = MetadataLabel.read(jpeg.toByteArray());
        assertEquals("CAMERAAPP000000000000000000", record.contentProducer());
        assertEquals("c-7", record.produceId());
        // facefuse's own XMP record, when there is one, is what counts
        byte[] both = MetadataLabel.write(jpeg.toByteArray(), RECORD);
        assertEquals(RECORD.produceId(), MetadataLabel.read(both).produceId());
    }
}
