package io.facefuse.bench;

import java.util.Arrays;
import java.util.List;

/** The benchmarks' one percentile: nearest rank over the measured values. */
final class Percentile {

    private Percentile() {
    }

    static double of(List<Double> values, int percentile) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }
}
