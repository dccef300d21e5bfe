// What each model expects, shared by the reference and benchmark scripts. The Java side
// (io.facefuse.models) implements the same rules; the parity tests hold the two together.

/** Input side in pixels (square, RGB). */
export const INPUT = { blazeface: 256, nsfw: 224, facemesh: 192, faceres: 224, gear: 198, selfie: 256, handdetect: 256, handlandmark: 224 };

/** value = byte * scale + offset */
export const NORMALIZE = {
  blazeface: [1 / 127.5, -1],
  nsfw: [1 / 255, 0],
  facemesh: [1 / 255, 0],
  faceres: [1, 0],
  gear: [1 / 255, 0],
  selfie: [1 / 255, 0],
  handdetect: [1 / 127.5, -1],
  handlandmark: [1 / 255, 0],
};

/** MediaPipe's SSD anchors for the 256-pixel BlazeFace: strides 16 (2 per cell) and 32 (6 per cell). */
export function blazefaceAnchors(size = 256) {
  const anchors = [];
  for (const [stride, perCell] of [[16, 2], [32, 6]]) {
    const cells = size / stride;
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        for (let k = 0; k < perCell; k++) anchors.push([(x + 0.5) / cells, (y + 0.5) / cells]);
      }
    }
  }
  return anchors;
}

const sigmoid = (v) => 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, v))));

/** Boxes [x, y, w, h] and 6 keypoints in input pixels, score-sorted, after non-maximum suppression. */
export function decodeBlazeface(regressors, logits, anchors, size, minScore = 0.5, iouThreshold = 0.3) {
  const candidates = [];
  for (let i = 0; i < anchors.length; i++) {
    const score = sigmoid(logits[i]);
    if (score < minScore) continue;
    const r = regressors.subarray(i * 16, i * 16 + 16);
    const [ax, ay] = anchors[i];
    const cx = r[0] + ax * size; const cy = r[1] + ay * size;
    const w = r[2]; const h = r[3];
    const keypoints = [];
    for (let k = 0; k < 6; k++) keypoints.push(r[4 + 2 * k] + ax * size, r[5 + 2 * k] + ay * size);
    candidates.push({ anchor: i, score, box: [cx - w / 2, cy - h / 2, w, h], keypoints });
  }
  candidates.sort((a, b) => b.score - a.score);
  const kept = [];
  for (const c of candidates) {
    if (kept.every((k) => iou(k.box, c.box) <= iouThreshold)) kept.push(c);
  }
  return kept;
}

function iou(a, b) {
  const x1 = Math.max(a[0], b[0]); const y1 = Math.max(a[1], b[1]);
  const x2 = Math.min(a[0] + a[2], b[0] + b[2]); const y2 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  return inter / (a[2] * a[3] + b[2] * b[3] - inter);
}
