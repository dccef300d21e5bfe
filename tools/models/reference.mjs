// Runs the original TensorFlow.js models (pure-JS CPU backend) on real photos and writes the
// parity fixtures the Java tests compare DJL against:
//
//   cd tools/models && npm ci && node reference.mjs
//
// For each photo and model it writes the model's input as a lossless PNG (so Java feeds the very
// same pixels) and the original's outputs into src/test/resources/models/fixtures/<model>.json.
import fs from 'node:fs';
import path from 'node:path';
import { loadModel, decodeImage, writePng, here, tf } from './lib.mjs';
import { NORMALIZE, INPUT, blazefaceAnchors, decodeBlazeface } from './preprocessing.mjs';

const photos = path.resolve(here, '../../src/test/resources/photos');
const fixtures = path.resolve(here, '../../src/test/resources/models/fixtures');
fs.mkdirSync(fixtures, { recursive: true });

const round = (values, digits = 6) => Array.from(values, (v) => Number(v.toFixed(digits)));

/** Bilinear resize of an RGB byte image into a square, letterboxed at the bottom and right. */
function letterbox(img, region, size) {
  const { x, y, w, h } = region;
  const side = Math.max(w, h);
  const out = new Uint8Array(size * size * 3);
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      const sx = x + ((ox + 0.5) * side) / size - 0.5;
      const sy = y + ((oy + 0.5) * side) / size - 0.5;
      for (let c = 0; c < 3; c++) {
        out[(oy * size + ox) * 3 + c] = Math.round(sample(img, sx, sy, c));
      }
    }
  }
  return out;
}

function sample(img, sx, sy, c) {
  const x0 = Math.floor(sx); const y0 = Math.floor(sy);
  const fx = sx - x0; const fy = sy - y0;
  const px = (xx, yy) => (xx < 0 || yy < 0 || xx >= img.width || yy >= img.height ? 0 : img.rgb[(yy * img.width + xx) * 3 + c]);
  return (px(x0, y0) * (1 - fx) + px(x0 + 1, y0) * fx) * (1 - fy) + (px(x0, y0 + 1) * (1 - fx) + px(x0 + 1, y0 + 1) * fx) * fy;
}

function tensorOf(name, rgb) {
  const size = INPUT[name];
  const data = new Float32Array(size * size * 3);
  const [scale, offset] = NORMALIZE[name];
  for (let i = 0; i < data.length; i++) data[i] = rgb[i] * scale + offset;
  return tf.tensor4d(data, [1, size, size, 3]);
}

async function run(model, name, rgb, outputs) {
  const x = tensorOf(name, rgb);
  const result = outputs ? model.execute(x, outputs) : model.predict(x);
  const list = Array.isArray(result) ? result : [result];
  const data = await Promise.all(list.map((t) => t.data()));
  tf.dispose([x, ...list]);
  return data;
}

const models = {};
for (const name of Object.keys(INPUT)) models[name] = await loadModel(name);
const anchors = blazefaceAnchors();
const results = Object.fromEntries(Object.keys(INPUT).map((n) => [n, []]));

for (const file of fs.readdirSync(photos).filter((f) => f.endsWith('.jpg')).sort()) {
  const img = decodeImage(path.join(photos, file));
  const base = file.replace(/\.jpg$/, '');
  const whole = { x: 0, y: 0, w: img.width, h: img.height };

  // detector on the whole photo
  const detIn = letterbox(img, whole, INPUT.blazeface);
  writePng(path.join(fixtures, `blazeface-${base}.png`), INPUT.blazeface, INPUT.blazeface, detIn);
  const [reg512, cls512, reg384, cls384] = await run(models.blazeface, 'blazeface', detIn, ['Identity_2', 'Identity', 'Identity_3', 'Identity_1']);
  const regressors = Float32Array.from([...reg512, ...reg384]);
  const logits = Float32Array.from([...cls512, ...cls384]);
  const faces = decodeBlazeface(regressors, logits, anchors, INPUT.blazeface);
  const confident = [];
  for (let i = 0; i < logits.length; i++) if (logits[i] > 0) confident.push(i);
  results.blazeface.push({
    photo: base, logits: round(logits, 4),
    regressors: Object.fromEntries(confident.map((i) => [i, round(regressors.slice(i * 16, i * 16 + 16), 4)])),
    faces: faces.map((f) => ({ ...f, box: round(f.box, 3), keypoints: round(f.keypoints, 3), score: Number(f.score.toFixed(5)) })),
  });

  // whole-photo classifier
  const nsfwIn = letterbox(img, whole, INPUT.nsfw);
  writePng(path.join(fixtures, `nsfw-${base}.png`), INPUT.nsfw, INPUT.nsfw, nsfwIn);
  const [probs] = await run(models.nsfw, 'nsfw', nsfwIn, null);
  results.nsfw.push({ photo: base, probabilities: round(probs) });

  // face models on the largest face, as a square crop with a margin, in photo pixels
  if (!faces.length) continue;
  const largest = faces.reduce((a, b) => (a.box[2] * a.box[3] >= b.box[2] * b.box[3] ? a : b));
  const scale = Math.max(img.width, img.height) / INPUT.blazeface;
  const [bx, by, bw, bh] = largest.box.map((v) => v * scale);
  const side = Math.max(bw, bh) * 1.5;
  const crop = { x: Math.round(bx + bw / 2 - side / 2), y: Math.round(by + bh / 2 - side / 2), w: Math.round(side), h: Math.round(side) };
  for (const [name, outputs, key] of [['facemesh', ['Identity_2', 'Identity_1'], 'mesh'], ['faceres', ['global_pooling/Mean'], 'embedding'],
    ['gear', ['Identity', 'Identity_1'], 'age'], ['selfie', ['activation_10'], 'mask']]) {
    const input = letterbox(img, crop, INPUT[name]);
    writePng(path.join(fixtures, `${name}-${base}.png`), INPUT[name], INPUT[name], input);
    const out = await run(models[name], name, input, outputs);
    if (name === 'facemesh') results.facemesh.push({ photo: base, mesh: round(out[0], 3), faceflag: round(out[1]) });
    if (name === 'faceres') results.faceres.push({ photo: base, embedding: round(out[0]) });
    if (name === 'gear') results.gear.push({ photo: base, age: round(out[0]), gender: round(out[1]) });
    if (name === 'selfie') {
      // the mask on an 8-pixel grid keeps the fixture small
      const grid = [];
      for (let yy = 4; yy < 256; yy += 8) for (let xx = 4; xx < 256; xx += 8) grid.push(out[0][yy * 256 + xx]);
      results.selfie.push({ photo: base, grid: round(grid, 5) });
    }
  }
  console.log(`${file}: ${faces.length} face(s)`);
}

// the hand models on the one test photo that shows hands: sample6's two clasped hands, as a square
// around them (the palm detector), and the first palm's surroundings (the landmark model)
{
  const img = decodeImage(path.join(photos, 'sample6.jpg'));
  const palmIn = letterbox(img, { x: 1100, y: 1150, w: 600, h: 387 }, INPUT.handdetect);
  writePng(path.join(fixtures, 'handdetect-sample6.png'), INPUT.handdetect, INPUT.handdetect, palmIn);
  const [palms] = await run(models.handdetect, 'handdetect', palmIn, ['Identity']);
  const confident = [];
  for (let i = 0; i < palms.length / 19; i++) if (palms[i * 19] > 0) confident.push(i);
  results.handdetect.push({
    photo: 'sample6', logits: round(Array.from({ length: palms.length / 19 }, (_, i) => palms[i * 19]), 4),
    regressors: Object.fromEntries(confident.map((i) => [i, round(palms.slice(i * 19 + 1, i * 19 + 19), 4)])),
  });
  const handIn = letterbox(img, { x: 1240, y: 1280, w: 220, h: 220 }, INPUT.handlandmark);
  writePng(path.join(fixtures, 'handlandmark-sample6.png'), INPUT.handlandmark, INPUT.handlandmark, handIn);
  const [points, presence, handedness] = await run(models.handlandmark, 'handlandmark', handIn, ['Identity', 'Identity_1', 'Identity_2']);
  results.handlandmark.push({ photo: 'sample6', points: round(points, 3), presence: round(presence), handedness: round(handedness) });
}

for (const [name, entries] of Object.entries(results)) {
  fs.writeFileSync(path.join(fixtures, `${name}.json`), `${JSON.stringify({ model: name, normalize: NORMALIZE[name], entries })}\n`);
}
