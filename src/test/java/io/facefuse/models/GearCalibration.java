package io.facefuse.models;

import io.facefuse.vision.DetectedFace;
import io.facefuse.vision.FaceAnalysis;
import io.facefuse.vision.FaceDetector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * Writes the crops that calibrate GEAR's int8 quantization ({@code tools/models/quantize.py}):
 * every face of at least moderation's 34 px in the given photos, cut at each of moderation's age
 * margins, cut by {@link FaceAnalysis#ageCrop} as moderation cuts them, as GEAR's normalised input (float32,
 * little-endian, NHWC, one 198x198x3 crop after another).
 *
 * <pre>./mvnw -q test-compile exec:java@gear-calibration</pre>
 *
 * The photos are the JPEGs in a directory: the screenshots of {@code @vladmandic/human} (installed
 * by {@code npm ci} in {@code tools/models}, five photos, 68 faces), not the test photos under {@code src/test/resources/photos}: those judge
 * the quantized model ({@code ModelParityTest}, {@code FaceAnalysisTest}) and must not also
 * have set its ranges.
 */
public final class GearCalibration {

    static final int MIN_FACE_PIXELS = 34;

    private GearCalibration() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        List<Path> photos;
        try (Stream<Path> files = Files.list(Path.of(args[1]))) {
            photos = files.filter(p -> p.getFileName().toString().endsWith(".jpg")).sorted().toList();
        }
        int crops = 0;
        try (ModelRegistry models = ModelRegistry.load(List.of(ModelSpec.BLAZEFACE), Optional.empty());
             FileChannel channel = FileChannel.open(out, CREATE, TRUNCATE_EXISTING, WRITE)) {
            FaceDetector detector = new FaceDetector(models);
            for (Path path : photos) {
                RgbImage photo = RgbImage.decode(Files.readAllBytes(path));
                for (DetectedFace face : detector.detect(photo)) {
                    if (Math.max(face.width(), face.height()) < MIN_FACE_PIXELS) {
                        continue;
                    }
                    for (double margin : FaceAnalysis.AGE_MARGINS) {
                        float[] input = ModelSpec.GEAR.normalize(FaceAnalysis.ageCrop(photo, face, margin));
                        ByteBuffer bytes = ByteBuffer.allocate(input.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                        bytes.asFloatBuffer().put(input);
                        channel.write(bytes);
                        crops++;
                    }
                }
            }
        }
        System.out.println(crops + " calibration crops from " + photos.size() + " photos written to " + out);
    }
}
