#!/usr/bin/env python3
"""Compares facefuse's blending model with OpenCV's seamlessClone on the same faces.

    /usr/bin/python3 -m venv --system-site-packages /tmp/cvenv && /tmp/cvenv/bin/pip install opencv-python-headless
    /tmp/cvenv/bin/python tools/models/compare_blending.py

For five pairs of sample photos it aligns one person's face onto another's by the detector's six
keypoints (a similarity transform, as a stand-in for the fusion engine's warp), then blends it
three ways: a hard paste, OpenCV's Poisson seamlessClone, and blend.pt (multi-band). It reports
a seam score (mean gradient along the mask's edge divided by the target's own gradient there:
1.0 is as smooth as the untouched photo), the colour step across the edge, and the time of each,
and writes docs/blending.md and a contact sheet docs/blending.png.

Debian's torch 1.13 cannot exchange arrays with the NumPy 2 that OpenCV wheels bring, so tensors
cross as raw bytes.
"""
import json
import os
import time

import cv2
import numpy as np
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
N = 256
PAIRS = [('sample1', 0, 'sample2', 0), ('sample2', 1, 'sample3', 0), ('sample3', 2, 'sample4', 1),
         ('sample4', 2, 'sample5', 2), ('sample6', 1, 'sample1', 2)]


def faces():
    with open(os.path.join(ROOT, 'src/test/resources/models/fixtures/blazeface.json')) as f:
        return {e['photo']: e['faces'] for e in json.load(f)['entries']}


def region(photo, face):
    """The 256x256 region around a face (2x its box) and the face's keypoints in that region."""
    image = cv2.cvtColor(cv2.imread(os.path.join(ROOT, 'src/test/resources/photos', photo + '.jpg')), cv2.COLOR_BGR2RGB)
    scale = max(image.shape[:2]) / 256.0
    x, y, w, h = [v * scale for v in face['box']]
    side = max(w, h) * 2.0
    x0, y0 = x + w / 2 - side / 2, y + h / 2 - side / 2
    m = np.float32([[N / side, 0, -x0 * N / side], [0, N / side, -y0 * N / side]])
    crop = cv2.warpAffine(image, m, (N, N), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    points = np.float32(face['keypoints']).reshape(6, 2) * scale
    points = (points - [x0, y0]) * (N / side)
    return crop, points


def face_mask(points):
    eyes = points[:2].mean(axis=0)
    mouth = points[3]
    centre = (eyes + mouth) / 2 + [0, (mouth[1] - eyes[1]) * 0.15]
    width = np.linalg.norm(points[0] - points[1]) * 1.25
    height = np.linalg.norm(mouth - eyes) * 1.9
    mask = np.zeros((N, N), np.uint8)
    cv2.ellipse(mask, (int(centre[0]), int(centre[1])), (int(width), int(height / 2 + 10)), 0, 0, 360, 255, -1)
    return mask


def to_tensor(array, channels):
    data = torch.frombuffer(bytearray(np.ascontiguousarray(array, dtype=np.float32).tobytes()), dtype=torch.float32)
    return data.reshape(1, N, N, channels)


def from_tensor(tensor):
    raw = tensor.clamp(0, 255).round().to(torch.uint8).contiguous().reshape(-1)
    return np.frombuffer(bytes(raw.tolist()), dtype=np.uint8).reshape(N, N, 3)


def seam_score(output, target, mask):
    edge = cv2.morphologyEx(mask, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8)) > 0
    def grad(img):
        g = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY).astype(np.float32)
        return np.hypot(cv2.Sobel(g, cv2.CV_32F, 1, 0), cv2.Sobel(g, cv2.CV_32F, 0, 1))
    return float(grad(output)[edge].mean() / max(grad(target)[edge].mean(), 1e-6))


def colour_step(output, mask):
    lab = cv2.cvtColor(output, cv2.COLOR_RGB2LAB).astype(np.float32)
    inner = cv2.erode(mask, np.ones((7, 7), np.uint8)) > 0
    inner_ring = (mask > 0) & ~inner
    outer_ring = (cv2.dilate(mask, np.ones((7, 7), np.uint8)) > 0) & (mask == 0)
    return float(np.linalg.norm(lab[inner_ring].mean(axis=0) - lab[outer_ring].mean(axis=0)))


def main():
    blend = torch.jit.load(os.path.join(ROOT, 'src/main/resources/models/blend.pt')).eval()
    detected = faces()
    rows, results = [], []
    for src, si, dst, di in PAIRS:
        source, sp = region(src, detected[src][si])
        target, tp = region(dst, detected[dst][di])
        transform, _ = cv2.estimateAffinePartial2D(sp, tp)
        aligned = cv2.warpAffine(source, transform, (N, N), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        mask = face_mask(tp)

        paste = np.where(mask[..., None] > 0, aligned, target)

        start = time.perf_counter()
        ys, xs = np.nonzero(mask)
        centre = (int((xs.min() + xs.max()) / 2), int((ys.min() + ys.max()) / 2))
        opencv = cv2.cvtColor(cv2.seamlessClone(cv2.cvtColor(aligned, cv2.COLOR_RGB2BGR), cv2.cvtColor(target, cv2.COLOR_RGB2BGR),
                                                mask.copy(), centre, cv2.NORMAL_CLONE), cv2.COLOR_BGR2RGB)  # it erodes the mask it is given
        opencv_ms = (time.perf_counter() - start) * 1000

        soft = cv2.GaussianBlur(mask.astype(np.float32) / 255.0, (0, 0), 3)
        with torch.no_grad():
            inputs = (to_tensor(aligned, 3), to_tensor(target, 3), to_tensor(soft, 1))
            for _ in range(5):
                blend(*inputs)
            start = time.perf_counter()
            ours = from_tensor(blend(*inputs)[0])
            ours_ms = (time.perf_counter() - start) * 1000

        result = {'pair': f'{src}#{si} -> {dst}#{di}'}
        for name, image in (('paste', paste), ('opencv', opencv), ('facefuse', ours)):
            result[name] = (seam_score(image, target, mask), colour_step(image, mask))
        result['opencv_ms'], result['facefuse_ms'] = opencv_ms, ours_ms
        results.append(result)
        rows.append(np.hstack([target, aligned, paste, opencv, ours]))
        print(result, flush=True)

    sheet = np.vstack(rows)
    cv2.imwrite(os.path.join(ROOT, 'docs/blending.png'), cv2.cvtColor(sheet, cv2.COLOR_RGB2BGR))
    mean = lambda key, i: np.mean([r[key][i] for r in results])  # noqa: E731
    lines = [
        '# Blending: facefuse (multi-band) against OpenCV seamlessClone',
        '',
        'Made by `tools/models/compare_blending.py` (its docstring says how to run it) on five pairs of the',
        'sample photos: one face aligned onto another by the detector\'s six keypoints and blended into an',
        'elliptical face mask. OpenCV %s (`seamlessClone`, NORMAL_CLONE, binary mask); facefuse `blend.pt`'
        % cv2.__version__,
        '(5-level Laplacian pyramid, mask feathered by a 3 px Gaussian) run by torch %s in Python on this'
        % torch.__version__,
        'machine (2 cores). Lower is better for both scores.',
        '',
        '- **seam score:** mean gradient magnitude along the mask edge divided by the target photo\'s own',
        '  gradient there (1.0 = the edge is as smooth as the untouched photo).',
        '- **colour step:** CIELAB distance between the mean colour just inside and just outside the edge.',
        '',
        '| pair | hard paste seam / colour | OpenCV seam / colour | facefuse seam / colour | OpenCV ms | facefuse ms |',
        '|---|---|---|---|---|---|',
    ]
    for r in results:
        lines.append('| %s | %.2f / %.1f | %.2f / %.1f | %.2f / %.1f | %.1f | %.1f |' % (
            r['pair'], *r['paste'], *r['opencv'], *r['facefuse'], r['opencv_ms'], r['facefuse_ms']))
    lines.append('| **mean** | %.2f / %.1f | %.2f / %.1f | %.2f / %.1f | %.1f | %.1f |' % (
        mean('paste', 0), mean('paste', 1), mean('opencv', 0), mean('opencv', 1), mean('facefuse', 0),
        mean('facefuse', 1), np.mean([r['opencv_ms'] for r in results]), np.mean([r['facefuse_ms'] for r in results])))
    lines += ['', 'Contact sheet (`docs/blending.png`), one row per pair: target, aligned face, hard paste, OpenCV,',
              'facefuse.', '', '![blending contact sheet](blending.png)', '']
    with open(os.path.join(ROOT, 'docs/blending.md'), 'w') as f:
        f.write('\n'.join(lines))


if __name__ == '__main__':
    main()
