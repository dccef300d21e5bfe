// The JavaScript peer of ModelBenchmark: the original models in TensorFlow.js under Node with the
// WASM backend (the way a JavaScript user runs them), on the same photos.
//
//   cd tools/models && npm ci && node bench.mjs
import path from 'node:path';
import { loadModel, decodeImage, here, tf } from './lib.mjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { INPUT, NORMALIZE, blazefaceAnchors, decodeBlazeface } from './preprocessing.mjs';

setWasmPaths(`${path.join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
await tf.setBackend('wasm');
await tf.ready();
const iterations = Number(process.env.BENCH_ITERATIONS || 50);
console.log(`backend ${tf.getBackend()}, threads ${tf.env().getNumber ? 'default' : '?'}, node ${process.version}`);

const percentile = (samples, p) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length * p)];
async function time(fn) {
  for (let i = 0; i < 10; i++) await fn();
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return [percentile(samples, 0.5), percentile(samples, 0.99)];
}

const start = performance.now();
const models = {};
for (const name of Object.keys(INPUT)) models[name] = await loadModel(name);
console.log(`load of all models: ${(performance.now() - start).toFixed(0)} ms`);

for (const [name, size] of Object.entries(INPUT)) {
  const x = tf.randomUniform([1, size, size, 3]);
  const outputs = name === 'nsfw' ? null : models[name].outputs.map((o) => o.name);
  const [p50, p99] = await time(async () => {
    const out = outputs ? models[name].execute(x, outputs) : models[name].predict(x);
    const list = Array.isArray(out) ? out : [out];
    await Promise.all(list.map((t) => t.data()));
    tf.dispose(list);
  });
  console.log(`${name.padEnd(14)} ${String(size).padStart(4)}px  p50 ${p50.toFixed(2)} ms  p99 ${p99.toFixed(2)} ms`);
}

const anchors = blazefaceAnchors();
for (const photo of ['sample1', 'sample5']) {
  const img = decodeImage(path.join(here, '../../src/test/resources/photos', `${photo}.jpg`));
  const pixels = tf.tensor3d(img.rgb, [img.height, img.width, 3], 'int32');
  const side = Math.max(img.width, img.height);
  let faces = [];
  const detect = async () => {
    const input = tf.tidy(() => {
      const padded = tf.pad(pixels, [[0, side - img.height], [0, side - img.width], [0, 0]]);
      const [scale, offset] = NORMALIZE.blazeface;
      return tf.expandDims(tf.add(tf.mul(tf.image.resizeBilinear(tf.cast(padded, 'float32'), [256, 256]), scale), offset), 0);
    });
    const [r1, c1, r2, c2] = models.blazeface.execute(input, ['Identity_2', 'Identity', 'Identity_3', 'Identity_1']);
    const data = await Promise.all([r1, c1, r2, c2].map((t) => t.data()));
    faces = decodeBlazeface(Float32Array.from([...data[0], ...data[2]]), Float32Array.from([...data[1], ...data[3]]), anchors, 256);
    tf.dispose([input, r1, c1, r2, c2]);
  };
  const [detectP50] = await time(detect);
  const mesh = async () => {
    for (const f of faces) {
      const s = side / 256;
      const [x, y, w, h] = f.box.map((v) => v * s);
      const c = Math.max(w, h) * 1.5;
      const box = [[(y + h / 2 - c / 2) / img.height, (x + w / 2 - c / 2) / img.width, (y + h / 2 + c / 2) / img.height, (x + w / 2 + c / 2) / img.width]];
      const crop = tf.tidy(() => tf.div(tf.image.cropAndResize(tf.expandDims(tf.cast(pixels, 'float32'), 0), box, [0], [192, 192]), 255));
      const m = models.facemesh.execute(crop, 'Identity_2');
      await m.data();
      tf.dispose([crop, m]);
    }
  };
  const [meshP50] = await time(mesh);
  console.log(`${photo} (${img.width}x${img.height}, ${faces.length} faces): detect p50 ${detectP50.toFixed(1)} ms, landmarks for all faces p50 ${meshP50.toFixed(1)} ms`);
}
