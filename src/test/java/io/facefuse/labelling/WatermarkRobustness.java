package io.facefuse.labelling;


import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

import static io.facefuse.labelling.WatermarkTest.copy;
import static io.facefuse.labelling.WatermarkTest.jpeg;
import static io.facefuse.labelling.WatermarkTest.scale;
import static io.facefuse.labelling.WatermarkTest.tone;

/**
 * The watermark on the test photos under each attack of the issue and under attacks combined as a
 * social network combines them (cropped, scaled and recompressed together). Prints the table that
 * docs/watermark.md records, and the photos that failed:
 *
 * <pre>
 *   ./mvnw -q test-compile exec:java@bench-watermark
 * </pre>
 *
 * A measurement: WatermarkTest holds every photo to the single attacks exactly; the combined ones
 * go beyond the issue, and the small photos do not survive all of them (see the doc).
 */
public final class WatermarkRobustness {

    private static final Watermark WATERMARK = new Watermark("test-only watermark key 000000000".getBytes());

    static Map<String, UnaryOperator<BufferedImage>> combinedAttacks() {
        Map<String, UnaryOperator<BufferedImage>> attacks = new LinkedHashMap<>();
        attacks.put("crop 10% + scale 50% + JPEG q50", i -> jpeg(scale(crop(i, 0.10, 0, 0, 0), 0.5), 0.5f));
        attacks.put("crop 5% top and left + blur 1 px + JPEG q60", i -> jpeg(WatermarkTest.blur(crop(i, 0.05, 0.05, 0, 0)), 0.6f));
        attacks.put("scale 75% + brightness +20% + JPEG q70", i -> jpeg(tone(scale(i, 0.75), 1.2, 0), 0.7f));
        attacks.put("contrast -20% + scale 50% + JPEG q75", i -> jpeg(scale(tone(i, 0.8, 0.2 * 128), 0.5), 0.75f));
        attacks.put("JPEG q70, then crop 10% bottom + JPEG q50", i -> jpeg(crop(jpeg(i, 0.7f), 0, 0, 0, 0.10), 0.5f));
        return attacks;
    }

    /** Cuts the given fractions from the left, top, right and bottom edges. */
    static BufferedImage crop(BufferedImage image, double left, double top, double right, double bottom) {
        int x = (int) (image.getWidth() * left);
        int y = (int) (image.getHeight() * top);
        int w = image.getWidth() - x - (int) (image.getWidth() * right);
        int h = image.getHeight() - y - (int) (image.getHeight() * bottom);
        return image.getSubimage(x, y, w, h);
    }

    /** What one photo gave: per attack, decoded exactly, a false detection, the attacked copy's PSNR (NaN if resized). */
    private record PhotoResult(String name, double markPsnr, Map<String, Boolean> decoded, Map<String, Boolean> falseDetection,
                               Map<String, Double> attackPsnr) {
    }

    public static void main(String[] args) {
        Map<String, UnaryOperator<BufferedImage>> attacks = new LinkedHashMap<>(WatermarkTest.attacks());
        attacks.putAll(combinedAttacks());
        // the photos side by side on the machine's cores; each photo's attacks in order
        List<PhotoResult> results = WatermarkTest.PHOTOS.parallelStream().map(name -> measure(name, attacks)).toList();

        System.out.printf("%n| attack | marked photos decoded exactly (of %d) | unmarked photos with a detection | PSNR of the attacked copy, median |%n|---|---|---|---|%n",
                results.size());
        List<String> failures = new ArrayList<>();
        for (String attack : attacks.keySet()) {
            long decoded = results.stream().filter(r -> r.decoded().get(attack)).count();
            long falseDetections = results.stream().filter(r -> r.falseDetection().get(attack)).count();
            double[] psnrs = results.stream().mapToDouble(r -> r.attackPsnr().get(attack)).filter(v -> !Double.isNaN(v)).sorted().toArray();
            String psnr = psnrs.length == 0 ? "(resized)" : Double.isInfinite(psnrs[psnrs.length / 2]) ? "(unchanged)"
                    : String.format("%.1f dB", psnrs[psnrs.length / 2]);
            System.out.printf("| %s | %d | %d | %s |%n", attack, decoded, falseDetections, psnr);
            results.stream().filter(r -> !r.decoded().get(attack)).forEach(r -> failures.add(r.name() + " after " + attack));
        }
        double[] markPsnrs = results.stream().mapToDouble(PhotoResult::markPsnr).sorted().toArray();
        System.out.printf("marking PSNR: worst %.2f dB, median %.2f dB%nfailed: %s%n", markPsnrs[0], markPsnrs[markPsnrs.length / 2], failures);
    }

    private static PhotoResult measure(String name, Map<String, UnaryOperator<BufferedImage>> attacks) {
        BufferedImage original = WatermarkTest.read(name);
        BufferedImage marked = copy(original);
        long payload = name.hashCode() * 0x9E3779B97F4A7C15L;
        WATERMARK.embed(marked, payload);
        Map<String, Boolean> decoded = new LinkedHashMap<>();
        Map<String, Boolean> falseDetection = new LinkedHashMap<>();
        Map<String, Double> attackPsnr = new LinkedHashMap<>();
        for (Map.Entry<String, UnaryOperator<BufferedImage>> attack : attacks.entrySet()) {
            BufferedImage attacked = attack.getValue().apply(copy(marked));
            OptionalLong found = WATERMARK.detect(attacked);
            decoded.put(attack.getKey(), found.isPresent() && found.getAsLong() == payload);
            falseDetection.put(attack.getKey(), WATERMARK.detect(attack.getValue().apply(copy(original))).isPresent());
            boolean sameSize = attacked.getWidth() == marked.getWidth() && attacked.getHeight() == marked.getHeight();
            attackPsnr.put(attack.getKey(), sameSize ? WatermarkTest.psnr(marked, attacked) : Double.NaN);
        }
        return new PhotoResult(name, WatermarkTest.psnr(original, marked), decoded, falseDetection, attackPsnr);
    }
}
