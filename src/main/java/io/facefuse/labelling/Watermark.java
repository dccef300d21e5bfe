package io.facefuse.labelling;

import io.facefuse.images.Images;
import io.facefuse.numerics.WalshHadamard;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * An invisible watermark carrying a 64-bit payload, keyed by a secret, meant to survive what social
 * networks do to images: recompression, rescaling, cropping, brightness and contrast changes, blur.
 *
 * <p>How: the image is seen at a normalised scale (shorter side {@value #NORMALIZED} px) divided into
 * cells of {@value #CELL} px (never under {@value #MIN_CELL_PX} real pixels); a tile of
 * {@value #TILE}×{@value #TILE} cells repeats over the image. The tile is a sum of keyed patterns,
 * each a Walsh function times one keyed ±1 chip sequence (so all are noise-like and mutually
 * orthogonal): one for synchronisation and one per message bit, signed by the bit. The message is the
 * payload and a {@value #TAG_BITS}-bit HMAC tag of it. The tile is added to the luminance, one value
 * per cell, scaled by local texture, at an amplitude that keeps PSNR above 40 dB. Embedding is
 * informed: it cancels the photo's own correlation with the patterns, as the detector measures it.
 *
 * <p>Detection tries a range of cell sizes (cropping changes the shorter side, rescaling the size)
 * and half-cell phases, averages each cell position over all tiles (so the photo's content cancels and
 * the mark adds up), takes the tile offsets where the synchronisation pattern correlates best, and
 * keeps the grid and offset where the patterns in use hold the most energy against the patterns not
 * in use; that grid is refined, and each bit read as the sign of its pattern's correlation. The
 * {@value #FLIPPABLE} least certain bits may be flipped, every combination tried, and a payload is
 * reported only if its 48-bit tag then verifies: a false detection on an unmarked image needs one of
 * 2^10 random 48-bit words to match, probability 2^10 / 2^48 = 2^-38 (about 4e-12) per image, by
 * construction, whatever the image.
 */
public final class Watermark {

    static final int NORMALIZED = 512;
    static final int CELL = 2;
    static final int TILE = 32;
    static final int PAYLOAD_BITS = 64;
    static final int TAG_BITS = 48;
    /** Bits of least confidence that decoding may flip, trying every combination against the tag. */
    static final int FLIPPABLE = 10;
    static final int BITS = PAYLOAD_BITS + TAG_BITS;
    static final double TARGET_RMS = 2.4;
    private static final int CELLS = TILE * TILE;
    private static final double MIN_SCALE = 0.84;
    private static final double MAX_SCALE = 1.06;
    /** Coarse search: cell sizes 0.5% apart; then 0.1% steps around the best. */
    private static final double SCALE_STEP = 0.005;
    private static final double FINE_STEP = 0.001;
    /** Detection reads an image whose shorter side is at least twice this at an integer fraction of its size. */
    private static final int DETECT_MAX_SIDE = 1024;
    /** Sync correlation peaks per grid that the whole mark then judges. */
    private static final int SYNC_PEAKS = 4;
    /** No cell under 2 real pixels: a 1-px pattern does not survive any resampling. */
    static final double MIN_CELL_PX = 2;
    /** The smallest share of its marked size at which an image marked at the floor size is still searched for. */
    private static final double MIN_ZOOM = 0.45;
    /** The sync pattern's amplitude relative to one bit's: its peak must stand out among 1024 shifts. */
    private static final double SYNC_WEIGHT = 4;
    /** At most this share of the energy budget may go to cancelling the photo's own correlation. */
    private static final double MAX_CANCELLATION = 0.5;

    private final byte[] key;
    private final float[] chips;
    /** The Walsh rows in use: the sync pattern's first, then one per message bit. */
    private final int[] rowsInUse = new int[BITS + 1];
    private final boolean[] inUse = new boolean[CELLS];
    private final double[] syncSpectrumRe = new double[CELLS];
    private final double[] syncSpectrumIm = new double[CELLS];

    public Watermark(byte[] key) {
        this.key = key.clone();
        SplittableRandom random = new SplittableRandom(ByteBuffer.wrap(hmac("facefuse-watermark-patterns".getBytes(
                StandardCharsets.US_ASCII))).getLong());
        // Walsh functions times one keyed ±1 chip sequence: each pattern looks like white noise, and
        // any two are exactly orthogonal, so at the right alignment no bit leaks into another
        chips = new float[CELLS];
        for (int c = 0; c < CELLS; c++) {
            chips[c] = random.nextBoolean() ? 1f : -1f;
        }
        int[] rows = new int[CELLS - 1];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = r + 1; // row 0 is constant: the detector's high-pass would remove it
        }
        for (int r = rows.length - 1; r > 0; r--) {
            int j = random.nextInt(r + 1);
            int t = rows[r];
            rows[r] = rows[j];
            rows[j] = t;
        }
        for (int k = 0; k <= BITS; k++) {
            rowsInUse[k] = rows[k];
            inUse[rows[k]] = true;
        }
        // detection correlates with the sync pattern through its spectrum alone
        for (int c = 0; c < CELLS; c++) {
            syncSpectrumRe[c] = (Integer.bitCount(rows[0] & c) & 1) == 0 ? chips[c] : -chips[c];
        }
        Fft32.transform2d(syncSpectrumRe, syncSpectrumIm, false);
    }

    /**
     * Marks {@code image} in place with {@code payload}.
     *
     * <p>Informed embedding: the photo itself correlates a little with every pattern, and that
     * correlation is what made busy textures unreadable. The detector's own statistics are computed
     * on the unmarked photo and the mark is shaped to cancel the photo's part, so the detector sees
     * the mark's part alone; what is left of the energy budget goes to the mark.
     */
    public void embed(BufferedImage image, long payload) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean[] message = message(payload);
        int[] backing = Images.packedPixels(image);
        int[] rgb = backing != null ? backing : image.getRGB(0, 0, w, h, null, 0, w);
        // the per-pixel passes run row by row on both cores (a Lambda function's two): each row's result
        // is what one thread computes, so the mark is the same
        float[] luma = new float[w * h];
        IntStream.range(0, h).parallel().forEach(y -> {
            for (int i = y * w; i < (y + 1) * w; i++) {
                luma[i] = (float) luma(rgb[i]);
            }
        });
        TextureMask mask = textureMask(luma, w, h);
        double cellPx = cellSize(w, h);
        int[] columns = tileIndices(w, cellPx);
        int[] rows = tileIndices(h, cellPx);

        double[] target = new double[BITS + 1];
        target[0] = SYNC_WEIGHT;
        for (int i = 0; i < BITS; i++) {
            target[i + 1] = message[i] ? 1 : -1;
        }
        // the detector's cells at the embedder's own size and phase: their means straight from the
        // pixels (the detector builds an integral image to try many sizes and phases; at one, its 8 bytes
        // a pixel only cost time and memory)
        CellGrid grid = CellGrid.of(w, h, cellPx);
        if (grid == null) {
            return; // under one tile of cells (64 px on the shorter side): no detector could read a mark
        }
        // the detector's gain for one unit of pattern coefficient, measured through the detector itself:
        // the cells of the photo as it is and with a probe mark added, in one pass over the pixels
        float[] probe = tile(target);
        double[] hostCells = new double[grid.count()];
        double[] probeCells = new double[grid.count()];
        double probeEnergy = grid.means(luma, probe, mask, rows, columns, hostCells, probeCells);
        double[] host = correlations(foldCells(hostCells, grid.cols(), grid.rows()));
        double[] response = correlations(foldCells(probeCells, grid.cols(), grid.rows()));
        double gain = 0;
        for (int k = 0; k <= BITS; k++) {
            gain += (response[k] - host[k]) / target[k];
        }
        gain /= BITS + 1;
        if (!(gain > 0)) {
            throw new IllegalStateException("the detector does not see the mark on this image (gain " + gain + ")");
        }
        // pixel RMS of the mark per unit of coefficient energy (the patterns are orthogonal)
        double perUnit = Math.sqrt(probeEnergy / (w * (double) h)) / Math.sqrt(dot(target, target));
        double budget = Math.pow(TARGET_RMS / perUnit * gain, 2);
        double hostEnergy = dot(host, host);
        // cancel the photo fully when that takes at most half the budget, in part otherwise
        double lambda = Math.min(1, Math.sqrt(MAX_CANCELLATION * budget / Math.max(hostEnergy, 1e-12)));
        double a = dot(target, target);
        double b = -2 * lambda * dot(target, host);
        double c = lambda * lambda * hostEnergy - budget;
        double strength = (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
        double[] coefficients = new double[BITS + 1];
        for (int k = 0; k <= BITS; k++) {
            coefficients[k] = (target[k] * strength - lambda * host[k]) / gain;
        }
        float[] tile = tile(coefficients);
        IntStream.range(0, h).parallel().forEach(y -> {
            int row = rows[y] * TILE;
            int blockRow = mask.rowOf(y);
            // the change is the same along a run of pixels in one tile cell and one mask block (a few
            // pixels each): rounded once a run
            int add = 0;
            int cell = -1;
            int block = -1;
            for (int x = 0, i = y * w; x < w; x++, i++) {
                if (columns[x] != cell || mask.blockOfX[x] != block) {
                    cell = columns[x];
                    block = mask.blockOfX[x];
                    add = Math.round(tile[row + cell] * mask.blocks[blockRow + block]);
                }
                int p = rgb[i];
                rgb[i] = (clamp(((p >> 16) & 0xff) + add) << 16) | (clamp(((p >> 8) & 0xff) + add) << 8)
                        | clamp((p & 0xff) + add);
            }
        });
        if (backing == null) {
            image.setRGB(0, 0, w, h, rgb, 0, w);
        }
    }

    /** The cell size in pixels: {@value #CELL} px at the normalised scale, never under {@value #MIN_CELL_PX} real pixels. */
    static double cellSize(int w, int h) {
        return Math.max(CELL * Math.min(w, h) / (double) NORMALIZED, MIN_CELL_PX);
    }

    /**
     * The cell sizes a marked image can show after cropping and rescaling, 0.5% apart: around the
     * normalised size (cropping changes the shorter side), and, where the image may have been marked
     * at the floor size and then scaled down to {@value #MIN_ZOOM} of it, that range too.
     */
    static List<Double> candidateCellSizes(int w, int h) {
        int shorter = Math.min(w, h);
        double[][] ranges = {
                {CELL * shorter / (MAX_SCALE * NORMALIZED), CELL * shorter / (MIN_SCALE * NORMALIZED)},
                // the marked image's shorter side was at most this image's over the zoom, and under the floor's reach
                {MIN_CELL_PX * Math.max(MIN_ZOOM, shorter / (MIN_CELL_PX * NORMALIZED / CELL)), MIN_CELL_PX * MAX_SCALE}};
        double[] nominal = {CELL * shorter / (double) NORMALIZED, MIN_CELL_PX};
        List<Double> sizes = new ArrayList<>();
        for (int r = 0; r < ranges.length; r++) {
            // steps from the size the image was marked at, so an unscaled image is searched at exactly it
            int from = (int) Math.ceil(Math.log(ranges[r][0] / nominal[r]) / Math.log(1 + SCALE_STEP) - 1e-9);
            int to = (int) Math.floor(Math.log(ranges[r][1] / nominal[r]) / Math.log(1 + SCALE_STEP) + 1e-9);
            for (int k = from; k <= to; k++) {
                double candidate = nominal[r] * Math.pow(1 + SCALE_STEP, k);
                if (sizes.stream().noneMatch(known -> Math.abs(known / candidate - 1) < SCALE_STEP / 2)) {
                    sizes.add(candidate);
                }
            }
        }
        return sizes;
    }

    /** The tile's cell values for the given coefficients of the sync pattern (index 0) and the bit patterns. */
    private float[] tile(double[] coefficients) {
        float[] tile = new float[CELLS];
        for (int k = 0; k <= BITS; k++) {
            tile[rowsInUse[k]] = (float) coefficients[k];
        }
        WalshHadamard.transform(tile); // its own inverse, up to a factor: this sums the rows' patterns
        for (int c = 0; c < CELLS; c++) {
            tile[c] *= chips[c];
        }
        return tile;
    }

    /** The correlation of a fold with the sync pattern (index 0) and each bit pattern, at the embedding's alignment. */
    private double[] correlations(float[] fold) {
        float[] spectrum = walshSpectrum(fold, 0);
        double[] out = new double[BITS + 1];
        for (int k = 0; k <= BITS; k++) {
            out[k] = spectrum[rowsInUse[k]];
        }
        return out;
    }

    /**
     * The tile index of each pixel's cell along one axis; a pixel belongs to the cell its centre lies
     * in, as the detector's cells do.
     */
    private static int[] tileIndices(int length, double cellPx) {
        int[] indices = new int[length];
        for (int i = 0; i < length; i++) {
            indices[i] = Math.floorMod((int) Math.floor((i + 0.5) / cellPx), TILE);
        }
        return indices;
    }

    /** The integral image of the luminance into {@code integral} ((w + 1) × (h + 1), its first row and column 0). */
    private static void integrate(float[] luma, int w, int h, double[] integral) {
        for (int y = 0; y < h; y++) {
            double row = 0;
            for (int x = 0; x < w; x++) {
                row += luma[y * w + x];
                integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** The payload, if the image carries a mark made with this key. */
    public OptionalLong detect(BufferedImage image) {
        // A large image is read at a reduced size: box averages keep every cell's mean (what the
        // detector reads), cells stay at least DETECT_MAX_SIDE / 256 px, and the work and memory of
        // a 36-megapixel image become those of a 1.5-megapixel one.
        int factor = Math.max(1, Math.min(image.getWidth(), image.getHeight()) / DETECT_MAX_SIDE);
        int w = image.getWidth() / factor;
        int h = image.getHeight() / factor;
        float[] luma = boxLuma(image, factor, w, h);
        double[] integral = new double[(w + 1) * (h + 1)];
        integrate(luma, w, h, integral);
        // coarse: every candidate cell size at half-cell phases; fine: around the best, in 0.1% size
        // steps and then quarter-cell phases, since a rescale rarely lands on the coarse grid, and
        // over a few hundred cells a size 0.25% off drifts by most of a cell
        Alignment best = null;
        for (double cellPx : candidateCellSizes(w, h)) {
            for (int phase = 0; phase < 4; phase++) {
                best = better(best, align(integral, w, h, cellPx, (phase & 1) * 0.5, (phase >> 1) * 0.5));
            }
        }
        if (best == null) {
            return OptionalLong.empty();
        }
        Alignment coarse = best;
        for (int k = -5; k <= 5; k++) {
            best = better(best, align(integral, w, h, coarse.cellPx * (1 + FINE_STEP * k), coarse.phaseX, coarse.phaseY));
        }
        Alignment scaled = best;
        for (int qx = -1; qx <= 1; qx++) {
            for (int qy = -1; qy <= 1; qy++) {
                best = better(best, align(integral, w, h, scaled.cellPx, scaled.phaseX + 0.25 * qx, scaled.phaseY + 0.25 * qy));
            }
        }
        float[] spectrum = walshSpectrum(best.fold, best.shift);
        boolean[] bits = new boolean[BITS];
        double[] confidence = new double[BITS];
        for (int i = 0; i < BITS; i++) {
            double c = spectrum[rowsInUse[i + 1]];
            bits[i] = c > 0;
            confidence[i] = Math.abs(c);
        }
        long payload = 0;
        for (int i = 0; i < PAYLOAD_BITS; i++) {
            payload = (payload << 1) | (bits[i] ? 1 : 0);
        }
        // list decoding: flip any subset of the least certain bits (payload or tag), keep what the
        // tag confirms; with a 48-bit tag, 2^10 tries leave a false match below 2^-38
        Integer[] order = new Integer[BITS];
        for (int i = 0; i < BITS; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(confidence[a], confidence[b]));
        for (int flips = 0; flips < (1 << FLIPPABLE); flips++) {
            boolean[] candidate = bits.clone();
            for (int k = 0; k < FLIPPABLE; k++) {
                if ((flips & (1 << k)) != 0) {
                    candidate[order[k]] = !candidate[order[k]];
                }
            }
            long value = 0;
            for (int i = 0; i < PAYLOAD_BITS; i++) {
                value = (value << 1) | (candidate[i] ? 1 : 0);
            }
            if (tagMatches(value, Arrays.copyOfRange(candidate, PAYLOAD_BITS, BITS))) {
                return OptionalLong.of(value);
            }
        }
        return OptionalLong.empty();
    }

    /** The luminance averaged over factor×factor blocks (the remainder at the right and bottom edges dropped). */
    private static float[] boxLuma(BufferedImage image, int factor, int w, int h) {
        int width = image.getWidth();
        int[] packed = Images.packedPixels(image);
        int[] row = new int[width];
        float[] luma = new float[w * h];
        for (int y = 0; y < h * factor; y++) {
            Images.readRow(image, packed, y, row);
            int target = (y / factor) * w;
            for (int x = 0; x < w * factor; x++) {
                luma[target + x / factor] += (float) luma(row[x]);
            }
        }
        if (factor > 1) {
            float area = factor * factor;
            for (int i = 0; i < luma.length; i++) {
                luma[i] /= area;
            }
        }
        return luma;
    }

    /** A cell grid laid over the image, its fold, the tile offset that holds the mark best and how well (mark-to-noise energy). */
    private record Alignment(double cellPx, double phaseX, double phaseY, float[] fold, int shift, double score) {
    }

    private Alignment align(double[] integral, int w, int h, double cellPx, double phaseX, double phaseY) {
        double px = phaseX - Math.floor(phaseX);
        double py = phaseY - Math.floor(phaseY);
        float[] fold = fold(integral, w, h, cellPx, px, py);
        if (fold == null) {
            return null;
        }
        // the sync pattern proposes shifts; all the patterns in use judge them, against the rows not in use
        int bestShift = -1;
        double bestScore = 0;
        for (int shift : syncPeaks(fold)) {
            double score = markToNoise(walshSpectrum(fold, shift));
            if (bestShift < 0 || score > bestScore) {
                bestShift = shift;
                bestScore = score;
            }
        }
        return new Alignment(cellPx, px, py, fold, bestShift, bestScore);
    }

    private static Alignment better(Alignment a, Alignment b) {
        return a == null || (b != null && b.score > a.score) ? b : a;
    }

    /** The tag's bits are decoded too and may hold errors; it must match them exactly. */
    private boolean tagMatches(long payload, boolean[] tagBits) {
        boolean[] expected = message(payload);
        for (int i = 0; i < TAG_BITS; i++) {
            if (expected[PAYLOAD_BITS + i] != tagBits[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether a grid of cols × rows cells of cellPx pixels can carry a mark: a tile's worth, no cell under a pixel. */
    private static boolean readable(int cols, int rows, double cellPx) {
        return cols >= TILE && rows >= TILE && cellPx >= 1;
    }

    /** Cell means of the luminance (high-passed against their neighbours), summed per tile position. */
    private static float[] fold(double[] integral, int w, int h, double cellPx, double phaseX, double phaseY) {
        int cols = (int) Math.floor(w / cellPx - phaseX);
        int rows = (int) Math.floor(h / cellPx - phaseY);
        if (!readable(cols, rows, cellPx)) {
            return null;
        }
        int[] xEdges = edges(cols, cellPx, phaseX);
        int[] yEdges = edges(rows, cellPx, phaseY);
        int stride = w + 1;
        double[] cells = new double[cols * rows];
        for (int j = 0; j < rows; j++) {
            int top = yEdges[j] * stride;
            int bottom = yEdges[j + 1] * stride;
            double height = yEdges[j + 1] - yEdges[j];
            for (int i = 0; i < cols; i++) {
                int left = xEdges[i];
                int right = xEdges[i + 1];
                double sum = integral[bottom + right] - integral[top + right] - integral[bottom + left] + integral[top + left];
                cells[j * cols + i] = sum / ((right - left) * height);
            }
        }
        return foldCells(cells, cols, rows);
    }

    /**
     * The cells of a grid at phase 0, as the detector's {@link #fold} cuts them: cell {@code i} spans the
     * pixels from {@code round(i × cellPx)} up to the next cell's start; pixels past the last whole cell
     * belong to none.
     */
    private record CellGrid(int cols, int rows, int[] cellOfX, int[] cellOfY, int[] area) {

        /** Null where a grid of these cells could carry no mark ({@link #readable}). */
        static CellGrid of(int w, int h, double cellPx) {
            int cols = (int) Math.floor(w / cellPx);
            int rows = (int) Math.floor(h / cellPx);
            if (!readable(cols, rows, cellPx)) {
                return null;
            }
            int[] xEdges = edges(cols, cellPx, 0);
            int[] yEdges = edges(rows, cellPx, 0);
            int[] area = new int[cols * rows];
            for (int j = 0; j < rows; j++) {
                for (int i = 0; i < cols; i++) {
                    area[j * cols + i] = (xEdges[i + 1] - xEdges[i]) * (yEdges[j + 1] - yEdges[j]);
                }
            }
            return new CellGrid(cols, rows, cellOf(xEdges, w), cellOf(yEdges, h), area);
        }

        /** For each pixel along an axis, its cell, or -1 past the last whole cell. */
        private static int[] cellOf(int[] edges, int length) {
            int[] out = new int[length];
            Arrays.fill(out, -1);
            for (int c = 0; c + 1 < edges.length; c++) {
                for (int p = Math.max(0, edges[c]); p < Math.min(length, edges[c + 1]); p++) {
                    out[p] = c;
                }
            }
            return out;
        }

        int count() {
            return cols * rows;
        }

        /**
         * Into {@code host}, each cell's mean luminance; into {@code probe}, the same with the mark of
         * {@code tile} added (one value per cell of the tile, scaled by the texture mask, so a cell's
         * mean carries it however the image is resampled); answers the mark's energy over the whole
         * image. One pass for both: each sum takes the values it took in a pass of its own.
         */
        double means(float[] luma, float[] tile, TextureMask mask, int[] tileRows, int[] tileColumns, double[] host,
                     double[] probe) {
            Arrays.fill(host, 0);
            Arrays.fill(probe, 0);
            int w = cellOfX.length;
            double energy = 0;
            for (int y = 0; y < cellOfY.length; y++) {
                int cellRow = cellOfY[y] * cols;
                int tileRow = tileRows[y] * TILE;
                int blockRow = mask.rowOf(y);
                // each cell's part of the row summed in a register, then added to the cell once
                double hostRun = 0;
                double probeRun = 0;
                int cell = cellOfX[0];
                for (int x = 0; x < w; x++) {
                    double value = luma[y * w + x];
                    double mark = tile[tileRow + tileColumns[x]] * mask.blocks[blockRow + mask.blockOfX[x]];
                    energy += mark * mark;
                    if (cellOfX[x] != cell) {
                        if (cellRow >= 0 && cell >= 0) {
                            host[cellRow + cell] += hostRun;
                            probe[cellRow + cell] += probeRun;
                        }
                        hostRun = 0;
                        probeRun = 0;
                        cell = cellOfX[x];
                    }
                    hostRun += value;
                    probeRun += value + mark;
                }
                if (cellRow >= 0 && cell >= 0) {
                    host[cellRow + cell] += hostRun;
                    probe[cellRow + cell] += probeRun;
                }
            }
            for (int c = 0; c < host.length; c++) {
                host[c] /= area[c];
                probe[c] /= area[c];
            }
            return energy;
        }
    }

    /** Cell means (cols × rows, row by row) high-passed against their neighbours, summed per tile position. */
    private static float[] foldCells(double[] cells, int cols, int rows) {
        // residual of each cell against its eight neighbours: the photo's smooth content drops out
        double[] residual = new double[cols * rows];
        for (int j = 1; j < rows - 1; j++) {
            for (int i = 1; i < cols - 1; i++) {
                double sum = 0;
                for (int b = -1; b <= 1; b++) {
                    for (int a = -1; a <= 1; a++) {
                        sum += cells[(j + b) * cols + i + a];
                    }
                }
                residual[j * cols + i] = cells[j * cols + i] - (sum - cells[j * cols + i]) / 8;
            }
        }
        // divide by the local residual energy, so busy texture (loud, but where the mark is no
        // stronger than its noise) does not drown the quiet areas
        double[] squared = new double[(cols + 1) * (rows + 1)];
        for (int j = 0; j < rows; j++) {
            double row = 0;
            for (int i = 0; i < cols; i++) {
                double r = residual[j * cols + i];
                row += r * r;
                squared[(j + 1) * (cols + 1) + i + 1] = squared[j * (cols + 1) + i + 1] + row;
            }
        }
        float[] fold = new float[CELLS];
        int radius = 3;
        for (int j = 1; j < rows - 1; j++) {
            int j0 = Math.max(0, j - radius);
            int j1 = Math.min(rows, j + radius + 1);
            for (int i = 1; i < cols - 1; i++) {
                int i0 = Math.max(0, i - radius);
                int i1 = Math.min(cols, i + radius + 1);
                double energy = (squared[j1 * (cols + 1) + i1] - squared[j0 * (cols + 1) + i1]
                        - squared[j1 * (cols + 1) + i0] + squared[j0 * (cols + 1) + i0]) / ((j1 - j0) * (i1 - i0));
                fold[(j % TILE) * TILE + (i % TILE)] += (float) (residual[j * cols + i] / Math.sqrt(energy + 0.25));
            }
        }
        return fold;
    }

    /** The tile offsets where the circular correlation with the sync pattern is highest, best first. */
    private int[] syncPeaks(float[] fold) {
        // circular cross-correlation through the 2-D DFT: corr = IDFT(DFT(fold) × conj(DFT(sync)))
        double[] re = new double[CELLS];
        double[] im = new double[CELLS];
        for (int c = 0; c < CELLS; c++) {
            re[c] = fold[c];
        }
        Fft32.transform2d(re, im, false);
        for (int c = 0; c < CELLS; c++) {
            double r = re[c] * syncSpectrumRe[c] + im[c] * syncSpectrumIm[c];
            double i = im[c] * syncSpectrumRe[c] - re[c] * syncSpectrumIm[c];
            re[c] = r;
            im[c] = i;
        }
        Fft32.transform2d(re, im, true);
        double[] corr = re;
        int[] peaks = new int[SYNC_PEAKS];
        Arrays.fill(peaks, -1);
        for (int k = 0; k < CELLS; k++) {
            for (int p = 0; p < SYNC_PEAKS; p++) {
                if (peaks[p] < 0 || corr[k] > corr[peaks[p]]) {
                    System.arraycopy(peaks, p, peaks, p + 1, SYNC_PEAKS - p - 1);
                    peaks[p] = k;
                    break;
                }
            }
        }
        return peaks;
    }

    /**
     * The fold, shifted by a tile offset, correlated with every Walsh row at once (a fast
     * Walsh-Hadamard transform of the de-chipped fold): entry r is the correlation with row r's pattern.
     */
    private float[] walshSpectrum(float[] fold, int shift) {
        int dx = shift % TILE;
        int dy = shift / TILE;
        float[] v = new float[CELLS];
        for (int cy = 0; cy < TILE; cy++) {
            for (int cx = 0; cx < TILE; cx++) {
                v[cy * TILE + cx] = fold[((cy + dy) % TILE) * TILE + (cx + dx) % TILE] * chips[cy * TILE + cx];
            }
        }
        WalshHadamard.transform(v);
        return v;
    }

    /**
     * Mean energy on the rows in use over mean energy on the rows not in use: near 1 where there is
     * no mark (every row sees the same noise), large where the mark is aligned.
     */
    private double markToNoise(float[] spectrum) {
        double used = 0;
        double unused = 0;
        for (int r = 1; r < CELLS; r++) {
            if (inUse[r]) {
                used += spectrum[r] * spectrum[r];
            } else {
                unused += spectrum[r] * spectrum[r];
            }
        }
        return (used / (BITS + 1)) / (unused / (CELLS - 2 - BITS) + 1e-12);
    }

    private boolean[] message(long payload) {
        boolean[] bits = new boolean[BITS];
        for (int i = 0; i < PAYLOAD_BITS; i++) {
            bits[i] = ((payload >>> (PAYLOAD_BITS - 1 - i)) & 1) == 1;
        }
        byte[] tag = hmac(ByteBuffer.allocate(8).putLong(payload).array());
        for (int i = 0; i < TAG_BITS; i++) {
            bits[PAYLOAD_BITS + i] = ((tag[i / 8] >> (7 - i % 8)) & 1) == 1;
        }
        return bits;
    }

    /**
     * The texture mask: a factor per square block of pixels, read per pixel through {@link #rowOf} and
     * {@link #blockOfX} rather than spread into an array the size of the image.
     */
    private record TextureMask(float[] blocks, int block, int blocksPerRow, int[] blockOfX) {

        /** The index of row {@code y}'s first block in {@link #blocks}. */
        int rowOf(int y) {
            return (y / block) * blocksPerRow;
        }
    }

    /** More change where the photo is busy, less where it is flat, so the mark stays out of sight. */
    private static TextureMask textureMask(float[] luma, int w, int h) {
        int block = Math.max(4, Math.min(w, h) / 128);
        int bw = (w + block - 1) / block;
        int bh = (h + block - 1) / block;
        double[] std = new double[bw * bh];
        IntStream.range(0, bh).parallel().forEach(by -> {
            for (int bx = 0; bx < bw; bx++) {
                double s = 0;
                double s2 = 0;
                int n = 0;
                for (int y = by * block; y < Math.min(h, (by + 1) * block); y++) {
                    for (int x = bx * block; x < Math.min(w, (bx + 1) * block); x++) {
                        double l = luma[y * w + x];
                        s += l;
                        s2 += l * l;
                        n++;
                    }
                }
                std[by * bw + bx] = Math.sqrt(Math.max(s2 / n - (s / n) * (s / n), 0));
            }
        });
        double[] sorted = std.clone();
        Arrays.sort(sorted);
        double median = Math.max(sorted[sorted.length / 2], 1);
        float[] blockMask = new float[bw * bh];
        for (int k = 0; k < blockMask.length; k++) {
            blockMask[k] = (float) Math.min(2.0, Math.max(0.5, std[k] / median));
        }
        int[] blockOfX = new int[w];
        for (int x = 0; x < w; x++) {
            blockOfX[x] = x / block;
        }
        return new TextureMask(blockMask, block, bw, blockOfX);
    }

    /** Cell edges on the nearest pixel edges; with cells of a pixel or more, each cell gets at least one. */
    private static int[] edges(int count, double cellPx, double phase) {
        int[] edges = new int[count + 1];
        for (int i = 0; i <= count; i++) {
            edges[i] = (int) Math.round((i + phase) * cellPx);
        }
        return edges;
    }

    private static double luma(int p) {
        return 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    private byte[] hmac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
