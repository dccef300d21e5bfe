package io.facefuse.vision;

import java.util.ArrayList;
import java.util.List;

/** MediaPipe's SSD anchors: a fixed-size anchor at each cell centre of each layer, in 0-1 input units. */
final class SsdAnchors {

    private SsdAnchors() {
    }

    /**
     * The anchor centres (x, y) for a square input of {@code size} pixels, layer by layer, each layer
     * a stride and how many anchors a cell holds, row by row within a layer, as the models order them.
     */
    static double[][] of(int size, int[][] stridesAndAnchorsPerCell) {
        List<double[]> anchors = new ArrayList<>();
        for (int[] layer : stridesAndAnchorsPerCell) {
            int cells = size / layer[0];
            for (int y = 0; y < cells; y++) {
                for (int x = 0; x < cells; x++) {
                    for (int k = 0; k < layer[1]; k++) {
                        anchors.add(new double[]{(x + 0.5) / cells, (y + 0.5) / cells});
                    }
                }
            }
        }
        return anchors.toArray(double[][]::new);
    }
}
