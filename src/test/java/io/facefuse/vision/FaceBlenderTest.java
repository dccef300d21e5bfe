package io.facefuse.vision;

import io.facefuse.models.RgbImage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blending model keeps each side where the mask is certain and leaves no step at the seam. */
class FaceBlenderTest {

    private static final int N = FaceBlender.SIZE;
    private final FaceBlender blender = new FaceBlender(VisionModels.REGISTRY);

    @Test
    void aFullMaskGivesTheFaceAndAnEmptyOneTheTarget() throws IOException {
        RgbImage face = VisionModels.photo("sample1").squareCrop(400, 200, 600, 600, N);
        RgbImage target = VisionModels.photo("sample2").squareCrop(300, 100, 600, 600, N);
        assertTrue(maxDifference(blender.blend(face, target, filled(1f)), face) <= 1);
        assertTrue(maxDifference(blender.blend(face, target, filled(0f)), target) <= 1);
    }

    @Test
    void theSeamIsSpreadInsteadOfAStep() {
        RgbImage bright = flat(200);
        RgbImage dark = flat(50);
        float[] half = new float[N * N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N / 2; x++) {
                half[y * N + x] = 1f;
            }
        }
        RgbImage blended = blender.blend(bright, dark, half);
        int row = N / 2;
        int largestStep = 0;
        for (int x = 1; x < N; x++) {
            largestStep = Math.max(largestStep, Math.abs(red(blended, x, row) - red(blended, x - 1, row)));
        }
        // a hard paste jumps by 150 in one pixel; the pyramid spreads it over dozens
        assertTrue(largestStep < 40, "largest step " + largestStep);
        assertEquals(200, red(blended, 10, row), 1);
        assertEquals(50, red(blended, N - 10, row), 1);
    }

    @Test
    void repeatedRunsGiveTheSameResult() throws IOException {
        // TorchScript's executor re-optimises a graph after its first runs; the answer must not change
        RgbImage face = VisionModels.photo("sample3").squareCrop(500, 200, 500, 500, N);
        RgbImage target = VisionModels.photo("sample4").squareCrop(300, 100, 500, 500, N);
        float[] mask = new float[N * N];
        for (int y = 60; y < 200; y++) {
            Arrays.fill(mask, y * N + 60, y * N + 200, 1f);
        }
        RgbImage first = blender.blend(face, target, mask);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, maxDifference(first, blender.blend(face, target, mask)), "run " + i);
        }
        assertTrue(maxDifference(first, target) > 20, "the face must show");
    }

    @Test
    void regionsOfTheWrongSizeAreRefused() {
        RgbImage small = new RgbImage(10, 10, new byte[300]);
        assertThrows(IllegalArgumentException.class, () -> blender.blend(small, small, new float[100]));
    }

    private static float[] filled(float value) {
        float[] mask = new float[N * N];
        Arrays.fill(mask, value);
        return mask;
    }

    private static RgbImage flat(int value) {
        byte[] rgb = new byte[N * N * 3];
        Arrays.fill(rgb, (byte) value);
        return new RgbImage(N, N, rgb);
    }

    private static int red(RgbImage image, int x, int y) {
        return image.rgb()[(y * image.width() + x) * 3] & 0xff;
    }

    private static int maxDifference(RgbImage a, RgbImage b) {
        int max = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            max = Math.max(max, Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff)));
        }
        return max;
    }
}
