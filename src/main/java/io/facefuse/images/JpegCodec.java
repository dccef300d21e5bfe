package io.facefuse.images;

import io.facefuse.models.RgbImage;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/**
 * JPEG through libjpeg-turbo: the system's, with its SIMD code, where there is one ({@link
 * TurboJpeg}), else the copy OpenCV carries (without it): a 1920×1280 photo decodes in about 15 ms
 * through OpenCV's instead of the JDK codec's 50, and in about 6 through the system's. The pixels
 * are the same as the JDK's: all run libjpeg's integer IDCT, upsampling and colour conversion
 * (ImagesTest pins it), so moderation sees what it saw through the JDK's codec. Callers check the
 * header's size first; this only decodes and encodes.
 */
final class JpegCodec {

    private JpegCodec() {
    }

    /** Loads the native library now rather than on the first image (at start-up: {@link CodecStartup}). */
    static void load() {
        TurboJpeg.available();
        OpenCvLibrary.ready();
    }

    /**
     * A TYPE_INT_RGB image (what the labels draw on and mark), upright by the EXIF orientation (a
     * phone's photo is often stored on its side with a tag that says so); null when the data is not a
     * decodable JPEG. The system's libjpeg-turbo decodes straight into the image's own pixel array
     * (a BGR image and its conversion cost a copy of the picture and about 3 ms at 1080p); where it is
     * not there or refuses the file, OpenCV's copy decodes to BGR, which is then converted.
     */
    static BufferedImage decode(byte[] jpeg, Header header) {
        if (TurboJpeg.available()) {
            BufferedImage image = new BufferedImage(header.width(), header.height(), BufferedImage.TYPE_INT_RGB);
            int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            if (TurboJpeg.decodePacked(jpeg, header.width(), header.height(), pixels)) {
                return Images.upright(image, orientation(jpeg, header));
            }
        }
        OpenCvLibrary.ready();
        MatOfByte encoded = new MatOfByte(jpeg);
        Mat bgr = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_COLOR);
        try {
            if (bgr.empty() || bgr.type() != CvType.CV_8UC3) {
                return null;
            }
            BufferedImage image = new BufferedImage(bgr.cols(), bgr.rows(), BufferedImage.TYPE_3BYTE_BGR);
            bgr.get(0, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData());
            BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(image, 0, 0, null);
            return rgb;
        } finally {
            encoded.release();
            bgr.release();
        }
    }

    /**
     * The same pixels as {@link #decode}, as RGB bytes: the channels are swapped natively, which
     * saves the models' callers a Java pass and a copy of the photo (about 6 ms for 1920×1280).
     */
    static RgbImage decodeRgb(byte[] jpeg, Header header) {
        byte[] rgbPixels = turbo(jpeg, header);
        return rgbPixels != null ? upright(new RgbImage(header.width(), header.height(), rgbPixels),
                orientation(jpeg, header)) : decodeRgbThroughOpenCv(jpeg);
    }

    /** {@code stored} turned upright by its EXIF {@code orientation}, as OpenCV's decoder turns it. */
    static RgbImage upright(RgbImage stored, int orientation) {
        if (orientation == 1) {
            return stored;
        }
        int w = stored.width();
        int h = stored.height();
        int width = orientation >= 5 ? h : w;
        int height = orientation >= 5 ? w : h;
        byte[] from = stored.rgb();
        byte[] to = new byte[from.length];
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i += 3) {
                System.arraycopy(from, 3 * Images.storedPixel(orientation, x, y, w, h), to, i, 3);
            }
        }
        return new RgbImage(width, height, to);
    }

    /** {@link #decodeRgb} through OpenCV's copy of libjpeg-turbo. */
    static RgbImage decodeRgbThroughOpenCv(byte[] jpeg) {
        OpenCvLibrary.ready();
        MatOfByte encoded = new MatOfByte(jpeg);
        Mat bgr = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_COLOR);
        Mat rgb = new Mat();
        try {
            if (bgr.empty() || bgr.type() != CvType.CV_8UC3) {
                return null;
            }
            Imgproc.cvtColor(bgr, rgb, Imgproc.COLOR_BGR2RGB);
            byte[] pixels = new byte[(int) rgb.total() * 3];
            rgb.get(0, 0, pixels);
            return new RgbImage(rgb.cols(), rgb.rows(), pixels);
        } finally {
            encoded.release();
            bgr.release();
            rgb.release();
        }
    }

    /**
     * The system's libjpeg-turbo's RGB pixels as stored (at the size {@code header} gave; the caller
     * turns them by {@link #orientation}); null where there is no such library or it refuses the file.
     */
    private static byte[] turbo(byte[] jpeg, Header header) {
        return TurboJpeg.available() ? TurboJpeg.decode(jpeg, header.width(), header.height()) : null;
    }

    /** The EXIF orientation, the metadata read only where there may be EXIF. */
    private static int orientation(byte[] jpeg, Header header) {
        return header.mayHaveExif() ? Images.exifOrientation(jpeg) : 1;
    }

    /**
     * What a JPEG's markers say before any pixel is decoded: the size in its frame header (0 by 0
     * where there is none), how many scans it holds, and whether it may carry EXIF (an APP1 segment
     * holding it, or segments before the first scan that do not walk cleanly: the metadata reader
     * then decides), so that a file without reads no metadata for its orientation.
     */
    record Header(int width, int height, int scans, boolean mayHaveExif) {

        java.awt.Dimension size() {
            return new java.awt.Dimension(width, height);
        }
    }

    /**
     * The JPEG's header, its marker segments walked and the entropy-coded data after each start of
     * scan skipped. A baseline JPEG holds one scan, a progressive one about ten; one of thousands costs
     * minutes to decode from a few kilobytes ("Two Issues with the JPEG Standard"), so the caller
     * refuses too many before decoding. The size is read here rather than by ImageIO's reader, which
     * refuses a file whose ICC profile segments are malformed (duplicate sequence numbers) although
     * the image decodes, and browsers show it.
     */
    static Header header(byte[] jpeg) {
        int scans = 0;
        int width = 0;
        int height = 0;
        boolean exif = false;
        int i = 2; // after the start of image
        while (i + 1 < jpeg.length) {
            if ((jpeg[i] & 0xff) != 0xff) {
                exif |= scans == 0; // not where a segment should start
                i++;
                continue;
            }
            int marker = jpeg[i + 1] & 0xff;
            if (marker == 0xd9) {
                break; // end of image
            }
            if (marker == 0xff || marker == 0x01 || marker >= 0xd0 && marker <= 0xd7) {
                i += marker == 0xff ? 1 : 2; // fill byte, TEM, restart: no length
                continue;
            }
            if (i + 3 >= jpeg.length) {
                break;
            }
            exif |= marker == 0xe1 && i + 7 < jpeg.length && jpeg[i + 4] == 'E' && jpeg[i + 5] == 'x'
                    && jpeg[i + 6] == 'i' && jpeg[i + 7] == 'f';
            if (isFrameHeader(marker) && width == 0 && i + 8 < jpeg.length) {
                // length (2), sample precision (1), lines (2), samples per line (2)
                height = (jpeg[i + 5] & 0xff) << 8 | (jpeg[i + 6] & 0xff);
                width = (jpeg[i + 7] & 0xff) << 8 | (jpeg[i + 8] & 0xff);
            }
            i += 2 + ((jpeg[i + 2] & 0xff) << 8 | (jpeg[i + 3] & 0xff));
            if (marker == 0xda) {
                scans++;
                // entropy-coded data runs to the next marker: 0xff not followed by a stuffed 0 or a restart
                while (i + 1 < jpeg.length && !((jpeg[i] & 0xff) == 0xff && jpeg[i + 1] != 0
                        && ((jpeg[i + 1] & 0xff) < 0xd0 || (jpeg[i + 1] & 0xff) > 0xd7))) {
                    i++;
                }
            }
        }
        return new Header(width, height, scans, exif || scans == 0);
    }

    /** SOF0-SOF15, less DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isFrameHeader(int marker) {
        return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    }

    /** A baseline JPEG (4:2:0, libjpeg's quality scale 1-100) of a TYPE_3BYTE_BGR image with its own raster. */
    static byte[] encode(BufferedImage bgrImage, int quality) {
        byte[] bgr = ((DataBufferByte) bgrImage.getRaster().getDataBuffer()).getData();
        if (TurboJpeg.available()) {
            return TurboJpeg.encode(bgr, bgrImage.getWidth(), bgrImage.getHeight(), true, quality);
        }
        return encodeThroughOpenCv(bgrImage, quality);
    }

    /** {@link #encode} of a TYPE_INT_RGB image's own pixel array through the system's libjpeg-turbo; null where it is not there. */
    static byte[] encodePacked(int[] pixels, int width, int height, int quality) {
        return TurboJpeg.available() ? TurboJpeg.encodePacked(pixels, width, height, quality) : null;
    }

    /** {@link #encode} of RGB pixels through the system's libjpeg-turbo; null where it is not there. */
    static byte[] encodeRgb(RgbImage image, int quality) {
        return TurboJpeg.available() ? TurboJpeg.encode(image.rgb(), image.width(), image.height(), false, quality) : null;
    }

    /** {@link #encode} through OpenCV's copy of libjpeg-turbo. */
    static byte[] encodeThroughOpenCv(BufferedImage bgrImage, int quality) {
        byte[] bgr = ((DataBufferByte) bgrImage.getRaster().getDataBuffer()).getData();
        OpenCvLibrary.ready();
        Mat pixels = new Mat(bgrImage.getHeight(), bgrImage.getWidth(), CvType.CV_8UC3);
        MatOfByte out = new MatOfByte();
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality);
        try {
            pixels.put(0, 0, bgr);
            if (!Imgcodecs.imencode(".jpg", pixels, out, params)) {
                throw new IllegalStateException("JPEG encoding failed");
            }
            return out.toArray();
        } finally {
            pixels.release();
            out.release();
            params.release();
        }
    }
}
