package io.facefuse.images;

import org.jboss.logging.Logger;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.util.function.Consumer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * JPEG through the system's libjpeg-turbo (TurboJPEG API, {@code libturbojpeg.so.0}), called through
 * the JDK's foreign function API. The copy OpenCV's Java binding carries is built without its SIMD
 * code ("SIMD Support: NO" in OpenCV's build information); the system's has it: a 1920×1537 photo
 * decodes in about 8 ms instead of 26 and encodes in 8 instead of 37 (docs/benchmarks.md). The same
 * settings as OpenCV's (integer DCT, fancy upsampling, 4:2:0, no Huffman optimisation), so the
 * same pixels. Where the library is absent (Debian's and Amazon Linux's package is libturbojpeg0 /
 * libjpeg-turbo; not in a native image, whose foreign calls are not configured), or refuses a file
 * (CMYK, a damaged stream), {@link JpegCodec} uses OpenCV's as before.
 */
final class TurboJpeg {

    private static final Logger LOG = Logger.getLogger(TurboJpeg.class);
    /** The library's name (or path): {@code -Dfacefuse.turbojpeg.library=…} to point elsewhere. */
    private static final String LIBRARY = System.getProperty("facefuse.turbojpeg.library", "libturbojpeg.so.0");
    private static final int PIXEL_RGB = 0;
    private static final int PIXEL_BGR = 1;
    /**
     * An int 0xRRGGBB as it lies in memory: B, G, R, X on a little-endian machine (TJPF_BGRX), X, R, G,
     * B on a big-endian one (TJPF_XRGB); the library writes 0xFF into X.
     */
    private static final int PIXEL_PACKED = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 3 : 5;
    private static final int SUBSAMPLING_420 = 2;
    private static final Functions FUNCTIONS = load();

    private record Functions(MethodHandle initCompress, MethodHandle initDecompress, MethodHandle destroy,
                             MethodHandle header, MethodHandle decompress, MethodHandle compress, MethodHandle alloc,
                             MethodHandle free) {
    }

    private TurboJpeg() {
    }

    static boolean available() {
        return FUNCTIONS != null;
    }

    /** The RGB pixels, 3 bytes each, of a {@code width}×{@code height} JPEG; null where refused. */
    static byte[] decode(byte[] jpeg, int width, int height) {
        byte[] pixels = new byte[width * height * 3];
        return decompress(jpeg, width, height, PIXEL_RGB,
                decoded -> MemorySegment.copy(decoded, JAVA_BYTE, 0, pixels, 0, pixels.length)) ? pixels : null;
    }

    /**
     * Into {@code pixels} (width × height), the JPEG's pixels packed as a TYPE_INT_RGB image holds
     * them (0xRRGGBB; the top byte is the library's filler, which that type ignores); false where refused.
     */
    static boolean decodePacked(byte[] jpeg, int width, int height, int[] pixels) {
        return decompress(jpeg, width, height, PIXEL_PACKED,
                decoded -> MemorySegment.copy(decoded, JAVA_INT, 0, pixels, 0, pixels.length));
    }

    /** Decodes into a buffer of the library's and hands it to {@code take}; false where the library refuses the file. */
    private static boolean decompress(byte[] jpeg, int width, int height, int format, Consumer<MemorySegment> take) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handle = (MemorySegment) FUNCTIONS.initDecompress.invokeExact();
            if (handle.equals(MemorySegment.NULL)) {
                return false;
            }
            MemorySegment source = MemorySegment.NULL;
            MemorySegment pixels = MemorySegment.NULL;
            try {
                source = buffer(jpeg.length);
                MemorySegment.copy(jpeg, 0, source, JAVA_BYTE, 0, jpeg.length);
                MemorySegment w = arena.allocate(JAVA_INT);
                MemorySegment h = arena.allocate(JAVA_INT);
                MemorySegment subsampling = arena.allocate(JAVA_INT);
                MemorySegment colourspace = arena.allocate(JAVA_INT);
                int read = (int) FUNCTIONS.header.invokeExact(handle, source, (long) jpeg.length, w, h, subsampling,
                        colourspace);
                // the caller checked the frame header's size against its limits: decode only that size
                if (read != 0 || w.get(JAVA_INT, 0) != width || h.get(JAVA_INT, 0) != height) {
                    return false;
                }
                pixels = buffer((long) width * height * bytesPerPixel(format));
                int decoded = (int) FUNCTIONS.decompress.invokeExact(handle, source, (long) jpeg.length, pixels, width, 0,
                        height, format, 0);
                if (decoded != 0) {
                    return false;
                }
                take.accept(pixels);
                return true;
            } finally {
                FUNCTIONS.free.invokeExact(pixels);
                FUNCTIONS.free.invokeExact(source);
                int ignored = (int) FUNCTIONS.destroy.invokeExact(handle);
            }
        } catch (Throwable e) {
            throw new IllegalStateException("libturbojpeg failed", e);
        }
    }

    /** A baseline 4:2:0 JPEG of 3-byte pixels (RGB, or BGR where {@code bgr}); libjpeg's quality scale 1-100. */
    static byte[] encode(byte[] pixels, int width, int height, boolean bgr, int quality) {
        return compress(width, height, bgr ? PIXEL_BGR : PIXEL_RGB, quality,
                source -> MemorySegment.copy(pixels, 0, source, JAVA_BYTE, 0, pixels.length));
    }

    /** The same of pixels packed as a TYPE_INT_RGB image holds them (0xRRGGBB, the top byte ignored). */
    static byte[] encodePacked(int[] pixels, int width, int height, int quality) {
        return compress(width, height, PIXEL_PACKED, quality,
                source -> MemorySegment.copy(pixels, 0, source, JAVA_INT, 0, pixels.length));
    }

    /** Encodes what {@code fill} writes into a buffer of the library's, in {@code format}. */
    private static byte[] compress(int width, int height, int format, int quality, Consumer<MemorySegment> fill) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handle = (MemorySegment) FUNCTIONS.initCompress.invokeExact();
            if (handle.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("libturbojpeg: no compressor");
            }
            MemorySegment source = MemorySegment.NULL;
            try {
                source = buffer((long) width * height * bytesPerPixel(format));
                fill.accept(source);
                MemorySegment output = arena.allocate(ADDRESS);
                output.set(ADDRESS, 0, MemorySegment.NULL); // the library allocates it
                MemorySegment size = arena.allocate(JAVA_LONG);
                int done = (int) FUNCTIONS.compress.invokeExact(handle, source, width, 0, height, format, output, size,
                        SUBSAMPLING_420, quality, 0);
                MemorySegment encoded = output.get(ADDRESS, 0);
                try {
                    if (done != 0) {
                        throw new IllegalStateException("libturbojpeg could not encode a " + width + "x" + height + " image");
                    }
                    return encoded.reinterpret(size.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
                } finally {
                    FUNCTIONS.free.invokeExact(encoded);
                }
            } finally {
                FUNCTIONS.free.invokeExact(source);
                int ignored = (int) FUNCTIONS.destroy.invokeExact(handle);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("libturbojpeg failed", e);
        }
    }

    private static int bytesPerPixel(int format) {
        return format == PIXEL_PACKED ? 4 : 3;
    }

    /**
     * An image-sized buffer from the library's allocator (malloc), for {@code tjFree}: an arena zeroes
     * its segments first (a profile of the fusion benchmark found that zeroing among the codec's
     * costs), and the allocator reuses the pages a freed buffer leaves.
     */
    private static MemorySegment buffer(long size) throws Throwable {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an image of " + size + " bytes");
        }
        MemorySegment buffer = (MemorySegment) FUNCTIONS.alloc.invokeExact((int) size);
        if (buffer.equals(MemorySegment.NULL)) {
            throw new OutOfMemoryError("libturbojpeg could not allocate " + size + " bytes");
        }
        return buffer.reinterpret(size);
    }

    private static Functions load() {
        if (System.getProperty("org.graalvm.nativeimage.imagecode") != null) {
            return null; // a native image has no foreign calls configured: OpenCV's copy decodes there
        }
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup library = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
            Functions functions = new Functions(
                    linker.downcallHandle(library.findOrThrow("tjInitCompress"), FunctionDescriptor.of(ADDRESS)),
                    linker.downcallHandle(library.findOrThrow("tjInitDecompress"), FunctionDescriptor.of(ADDRESS)),
                    linker.downcallHandle(library.findOrThrow("tjDestroy"), FunctionDescriptor.of(JAVA_INT, ADDRESS)),
                    linker.downcallHandle(library.findOrThrow("tjDecompressHeader3"), FunctionDescriptor.of(JAVA_INT,
                            ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS)),
                    linker.downcallHandle(library.findOrThrow("tjDecompress2"), FunctionDescriptor.of(JAVA_INT,
                            ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)),
                    linker.downcallHandle(library.findOrThrow("tjCompress2"), FunctionDescriptor.of(JAVA_INT,
                            ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT,
                            JAVA_INT, JAVA_INT)),
                    linker.downcallHandle(library.findOrThrow("tjAlloc"), FunctionDescriptor.of(ADDRESS, JAVA_INT)),
                    linker.downcallHandle(library.findOrThrow("tjFree"), FunctionDescriptor.ofVoid(ADDRESS)));
            LOG.infof("JPEG through %s (libjpeg-turbo with SIMD)", LIBRARY);
            return functions;
        } catch (RuntimeException | LinkageError e) {
            LOG.infof("%s not found (%s): JPEG through OpenCV's libjpeg-turbo, without SIMD", LIBRARY, e.getMessage());
            return null;
        }
    }
}
