package io.facefuse.support;

import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.w3c.dom.NodeList;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.jpeg.JPEGQTable;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** What users, phones and social networks do to photos, for tests: scale, crop, mirror, blur, re-encode, turn. */
public final class ImageEdits {

    private ImageEdits() {
    }

    public static BufferedImage read(byte[] encoded) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
            BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(image, 0, 0, null);
            return rgb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The step of the DC coefficient in a JPEG's luminance quantisation table: libjpeg's quality
     * scales the standard table's 16 to 16 at quality 50, 3 at 92, 2 at 95 and 1 at 100.
     */
    public static int luminanceDcStep(byte[] jpeg) {
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_jpeg_image_1.0");
            NodeList tables = root.getElementsByTagName("dqtable");
            for (int i = 0; i < tables.getLength(); i++) {
                IIOMetadataNode table = (IIOMetadataNode) tables.item(i);
                if ("0".equals(table.getAttribute("qtableId"))) {
                    return ((JPEGQTable) table.getUserObject()).getTable()[0];
                }
            }
            throw new IllegalArgumentException("no luminance table");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            reader.dispose();
        }
    }

    public static BufferedImage resource(String path) {
        try (InputStream in = ImageEdits.class.getResourceAsStream(path)) {
            return read(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage scaled(BufferedImage image, double factor) {
        int w = Math.max(1, (int) Math.round(image.getWidth() * factor));
        int h = Math.max(1, (int) Math.round(image.getHeight() * factor));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        return out;
    }

    public static BufferedImage cropped(BufferedImage image, int x, int y, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(image.getSubimage(x, y, w, h), 0, 0, null);
        return out;
    }

    /** Where {@link #handOverFace()} puts sample6's clasped hands: over its largest face's mouth and cheek. */
    public static final java.awt.Rectangle HAND_PATCH = new java.awt.Rectangle(1540, 430, 150, 145);

    /**
     * sample6 with a piece of its own photo, the two clasped hands at the bottom (150 by 145 px from
     * 1295, 1330), pasted over its largest face's mouth and cheek at {@link #HAND_PATCH}: no reachable
     * photo shows a hand in front of a face, so this stands in for one (a hand, its cuff and a sleeve
     * in front of the face).
     */
    public static BufferedImage handOverFace() {
        BufferedImage photo = read(Photos.bytes("sample6"));
        BufferedImage out = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(photo, 0, 0, null);
        g.drawImage(photo.getSubimage(1295, 1330, HAND_PATCH.width, HAND_PATCH.height), HAND_PATCH.x, HAND_PATCH.y, null);
        g.dispose();
        return out;
    }

    public static BufferedImage mirrored(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                out.setRGB(image.getWidth() - 1 - x, y, image.getRGB(x, y));
            }
        }
        return out;
    }

    /** A box blur of the given radius. */
    public static BufferedImage blurred(BufferedImage image, int radius) {
        int side = 2 * radius + 1;
        float[] kernel = new float[side * side];
        Arrays.fill(kernel, 1f / kernel.length);
        return new ConvolveOp(new Kernel(side, side, kernel), ConvolveOp.EDGE_NO_OP, null).filter(image, null);
    }

    /** The image centred on a grey canvas: a face cut-out as it would sit in a larger photo. */
    public static BufferedImage onCanvas(BufferedImage image, int side) {
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, side, side);
        g.drawImage(image, (side - image.getWidth()) / 2, (side - image.getHeight()) / 2, null);
        g.dispose();
        return out;
    }

    /** Side by side, top-aligned, on black. */
    public static BufferedImage besideEachOther(BufferedImage... images) {
        int w = Arrays.stream(images).mapToInt(BufferedImage::getWidth).sum();
        int h = Arrays.stream(images).mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        int x = 0;
        for (BufferedImage image : images) {
            g.drawImage(image, x, 0, null);
            x += image.getWidth();
        }
        g.dispose();
        return out;
    }

    /** A real photo with no face in it, as a JPEG: the lower left of sample4 (900×340, table and clothes). */
    public static byte[] noFaceJpeg() {
        return jpeg(cropped(read(Photos.bytes("sample4")), 0, 1100, 900, 340), 0.9f);
    }

    public static byte[] jpeg(BufferedImage image, float quality) {
        return jpeg(image, param -> {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
        });
    }

    /** A progressive JPEG (the JDK's default scan script: about ten scans). */
    public static byte[] progressiveJpeg(BufferedImage image) {
        return jpeg(image, param -> param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT));
    }

    private static byte[] jpeg(BufferedImage image, Consumer<ImageWriteParam> settings) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            settings.accept(param);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    public static byte[] png(BufferedImage image) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JPEG as a phone writes it: the pixels stored a quarter turn anticlockwise and EXIF orientation
     * 6, which tells a viewer to turn them clockwise to show {@code upright}.
     */
    public static byte[] jpegStoredOnItsSide(BufferedImage upright, float quality) {
        int w = upright.getWidth();
        int h = upright.getHeight();
        int[] pixels = upright.getRGB(0, 0, w, h, null, 0, w);
        BufferedImage stored = new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                stored.setRGB(y, w - 1 - x, pixels[y * w + x]);
            }
        }
        try (ByteArrayOutputStream tagged = new ByteArrayOutputStream()) {
            TiffOutputSet exif = new TiffOutputSet();
            exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 6);
            new ExifRewriter().updateExifMetadataLossless(jpeg(stored, quality), tagged, exif);
            return tagged.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A progressive JPEG whose last scan (a refinement) is repeated {@code repeats} more times: the
     * shape of a decoding-time bomb, which costs a decoder a pass over the image per scan.
     */
    public static byte[] jpegWithRepeatedScans(byte[] progressive, int repeats) {
        int last = progressive.length - 2; // the end-of-image marker
        while (!((progressive[last] & 0xff) == 0xff && (progressive[last + 1] & 0xff) == 0xda)) {
            last--; // a marker cannot occur inside entropy-coded data: the last 0xffda starts the last scan
        }
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(progressive, 0, progressive.length - 2);
        for (int i = 0; i < repeats; i++) {
            bomb.write(progressive, last, progressive.length - 2 - last);
        }
        bomb.write(0xff);
        bomb.write(0xd9);
        return bomb.toByteArray();
    }

    /** Display P3 as Apple's profile has it: sRGB's tone curve, P3's primaries (D50-adapted colorants). */
    public static ICC_Profile displayP3() {
        ICC_Profile p3 = ICC_Profile.getInstance(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        p3.setData(ICC_Profile.icSigRedColorantTag, xyzTag(0.5151, 0.2412, -0.0011));
        p3.setData(ICC_Profile.icSigGreenColorantTag, xyzTag(0.2920, 0.6922, 0.0419));
        p3.setData(ICC_Profile.icSigBlueColorantTag, xyzTag(0.1571, 0.0666, 0.7841));
        return ICC_Profile.getInstance(p3.getData());
    }

    /** An ICC XYZType: its signature, four reserved bytes, three s15Fixed16 numbers. */
    private static byte[] xyzTag(double x, double y, double z) {
        ByteBuffer tag = ByteBuffer.allocate(20).putInt(0x58595A20).putInt(0);
        for (double v : new double[] {x, y, z}) {
            tag.putInt((int) Math.round(v * 65536));
        }
        return tag.array();
    }

    /**
     * {@code srgb}'s values in {@code profile}'s space, in a plain RGB image, as a file in that space
     * stores them (converting images rather than rasters would give an image that Java2D converts back
     * to sRGB wherever it is drawn or encoded).
     */
    public static BufferedImage inProfile(BufferedImage srgb, ICC_Profile profile) {
        BufferedImage out = new BufferedImage(srgb.getWidth(), srgb.getHeight(), BufferedImage.TYPE_INT_RGB);
        new ColorConvertOp(ColorSpace.getInstance(ColorSpace.CS_sRGB), new ICC_ColorSpace(profile), null)
                .filter(srgb.getRaster(), out.getRaster());
        return out;
    }

    /** A JPEG APP2 segment's data holding a whole profile: "ICC_PROFILE", a zero, chunk 1 of 1. */
    public static byte[] iccSegment(byte[] profile) {
        byte[] marker = "ICC_PROFILE".getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(marker.length + 3 + profile.length)
                .put(marker).put((byte) 0).put((byte) 1).put((byte) 1).put(profile).array();
    }

    /** {@code jpeg} with a marker segment ({@code 0xff}, {@code marker}, length, data) right after its SOI. */
    public static byte[] withSegmentAfterStart(byte[] jpeg, int marker, byte[] data) {
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + data.length);
        out.put(jpeg, 0, 2).put((byte) 0xff).put((byte) marker).putShort((short) (data.length + 2)).put(data);
        return out.put(jpeg, 2, jpeg.length - 2).array();
    }

    /** A JPEG of {@code srgb} as a camera in {@code profile}'s space writes it: the pixels converted, the profile embedded. */
    public static byte[] jpegInProfile(BufferedImage srgb, ICC_Profile profile, float quality) {
        return withSegmentAfterStart(jpeg(inProfile(srgb, profile), quality), 0xe2, iccSegment(profile.getData()));
    }

    /**
     * A PNG whose header says {@code width} × {@code height} (8-bit RGB) and whose data is
     * {@code zeros} zero bytes, deflated: a decompression bomb when the header is large and the
     * zeros many, a lie about its size when they are few.
     */
    public static byte[] pngOfZeros(int width, int height, int zeros) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        Deflater deflater = new Deflater(9);
        byte[] block = new byte[1 << 20];
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        for (int left = zeros; left > 0; left -= block.length) {
            deflater.setInput(block, 0, Math.min(block.length, left));
            while (!deflater.needsInput()) {
                compressed.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            compressed.write(buffer, 0, deflater.deflate(buffer));
        }
        chunk(out, "IDAT", compressed.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] name = type.getBytes();
        out.writeBytes(name);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
