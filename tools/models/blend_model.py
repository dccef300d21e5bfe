#!/usr/bin/python3
"""Writes the blending model: multi-band (Laplacian pyramid) blending in torch operations, as TorchScript.

    /usr/bin/python3 tools/models/blend_model.py src/main/resources/models/blend.pt

Inputs (NHWC, batch 1, 256x256): the warped face (0-255), the target (0-255), and a mask (0-1) of
where the face goes. Each image is split into LEVELS frequency bands; every band is blended with
the mask blurred to that band's scale, and the bands are summed back. Fine detail switches sharply
at the mask edge while colour and shading blend over a wide seam, so no edge shows. The binomial
5-tap kernel and reflect padding are the classic Burt-Adelson choices.
"""
import datetime
import hashlib
import json
import os
import sys

import torch
import torch.nn.functional as F

SIZE = 256
LEVELS = 5


class LaplacianBlend(torch.nn.Module):
    """The binomial 1-4-6-4-1 filter applied separably, and only where a result is kept: going down,
    at every second pixel of the blurred image; going up, as the phases the zero-stuffed image's blur
    reduces to (each way, even pixels 1-6-1 / 8, odd pixels 1-1 / 2). The same numbers as a 5x5
    convolution over the whole image (reflect padding included), for a fraction of the arithmetic."""

    def down(self, x):
        n, c, h, w = x.shape
        p = F.pad(x, (2, 2, 2, 2), mode='reflect')
        p = (p[:, :, :, 0:w:2] + 4.0 * p[:, :, :, 1:w + 1:2] + 6.0 * p[:, :, :, 2:w + 2:2]
             + 4.0 * p[:, :, :, 3:w + 3:2] + p[:, :, :, 4:w + 4:2]) / 16.0
        return (p[:, :, 0:h:2] + 4.0 * p[:, :, 1:h + 1:2] + 6.0 * p[:, :, 2:h + 2:2]
                + 4.0 * p[:, :, 3:h + 3:2] + p[:, :, 4:h + 4:2]) / 16.0

    def up(self, x, like):
        # the zero-stuffed image reflected at its edges is, one row or column in, x[1] before the first
        # sample and x[w-1] after the last: padded so, each of the four phases is a small sum at x's size
        n, c, h, w = x.shape
        p = F.pad(F.pad(x, (1, 0, 1, 0), mode='reflect'), (0, 1, 0, 1), mode='replicate')
        even = (p[:, :, :, 0:w] + 6.0 * p[:, :, :, 1:w + 1] + p[:, :, :, 2:w + 2]) / 8.0
        odd = (p[:, :, :, 1:w + 1] + p[:, :, :, 2:w + 2]) / 2.0
        phases = [(e[:, :, 0:h] + 6.0 * e[:, :, 1:h + 1] + e[:, :, 2:h + 2]) / 8.0 for e in (even, odd)]
        phases += [(e[:, :, 1:h + 1] + e[:, :, 2:h + 2]) / 2.0 for e in (even, odd)]
        # rows even/odd by columns even/odd, interleaved into the image twice the size
        doubled = F.pixel_shuffle(torch.stack(phases, dim=2).reshape(n, 4 * c, h, w), 2)
        return doubled[:, :, :like.shape[2], :like.shape[3]]

    def forward(self, face, target, mask):
        # the face and the target go through the pyramid together (a batch of two), the mask riding
        # along as a fourth channel, so each level's Gaussian is one operation for all three
        g = [torch.cat([torch.cat([face, mask], dim=3), torch.cat([target, mask], dim=3)], dim=0).permute(0, 3, 1, 2)]
        for _ in range(LEVELS - 1):
            g.append(self.down(g[-1]))
        top = g[LEVELS - 1]
        m = top[0:1, 3:4]
        out = top[0:1, :3] * m + top[1:2, :3] * (1.0 - m)
        for level in range(LEVELS - 2, -1, -1):
            # one expansion for the coarser level of both images and for the blend so far
            up = self.up(torch.cat([g[level + 1][:, :3], out], dim=0), g[level])
            m = g[level][0:1, 3:4]
            bands = g[level][:, :3] - up[0:2]
            out = up[2:3] + bands[0:1] * m + bands[1:2] * (1.0 - m)
        return torch.clamp(out, 0.0, 255.0).permute(0, 2, 3, 1)


def main():
    torch.manual_seed(0)
    module = LaplacianBlend().eval()
    example = (torch.zeros(1, SIZE, SIZE, 3), torch.zeros(1, SIZE, SIZE, 3), torch.zeros(1, SIZE, SIZE, 1))
    with torch.no_grad():
        traced = torch.jit.trace(module, example, check_trace=False)
    out = sys.argv[1]
    traced.save(out)
    with open(out, 'rb') as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    provenance = {
        'model': 'blend',
        'package': 'facefuse (written by tools/models/blend_model.py, no external weights)',
        'version': 'levels-%d' % LEVELS,
        'license': 'same as facefuse',
        'files': [{'file': 'tools/models/blend_model.py'}],
        'format': 'torch-operations',
        'input': {'shape': [1, SIZE, SIZE, 3], 'layout': 'NHWC',
                  'inputs': ['face 0-255', 'target 0-255', 'mask 0-1 (1 channel)']},
        'outputs': ['blended 0-255'],
        'torchscript': {'file': 'blend.pt', 'sha256': digest},
        'converted': {'date': datetime.date.today().isoformat(), 'tool': 'tools/models/blend_model.py',
                      'torch': torch.__version__},
    }
    with open(os.path.join(os.path.dirname(out), 'blend.provenance.json'), 'w') as f:
        f.write(json.dumps(provenance, indent=2) + '\n')
    print(f'{out}: torch {torch.__version__}', file=sys.stderr)


if __name__ == '__main__':
    main()
