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
    def __init__(self):
        super().__init__()
        k = torch.tensor([1.0, 4.0, 6.0, 4.0, 1.0]) / 16.0
        kernel = (k[:, None] * k[None, :]).expand(4, 1, 5, 5).contiguous()
        self.register_buffer('kernel', kernel)

    def blur(self, x):
        return F.conv2d(F.pad(x, (2, 2, 2, 2), mode='reflect'), self.kernel, groups=4)

    def down(self, x):
        return self.blur(x)[:, :, ::2, ::2]

    def up(self, x, like):
        # zero-insertion upsampling without in-place writes: TorchScript's optimising executor
        # mis-handled a strided in-place assignment here after a few warm runs
        n, c, h, w = x.shape
        columns = torch.stack([x, torch.zeros_like(x)], dim=4).reshape(n, c, h, 2 * w)
        rows = torch.stack([columns, torch.zeros_like(columns)], dim=3).reshape(n, c, 2 * h, 2 * w)
        return self.blur(rows[:, :, :like.shape[2], :like.shape[3]] * 4.0)

    def forward(self, face, target, mask):
        # work in NCHW with the mask as a fourth channel so one depthwise kernel serves all
        f = torch.cat([face, mask], dim=3).permute(0, 3, 1, 2)
        t = torch.cat([target, mask], dim=3).permute(0, 3, 1, 2)
        gf, gt = [f], [t]
        for _ in range(LEVELS - 1):
            gf.append(self.down(gf[-1]))
            gt.append(self.down(gt[-1]))
        out = None
        for level in range(LEVELS - 1, -1, -1):
            m = gf[level][:, 3:4]
            if level == LEVELS - 1:
                lf, lt = gf[level][:, :3], gt[level][:, :3]
            else:
                lf = gf[level][:, :3] - self.up(gf[level + 1], gf[level])[:, :3]
                lt = gt[level][:, :3] - self.up(gt[level + 1], gt[level])[:, :3]
            band = lf * m + lt * (1.0 - m)
            if out is None:
                out = band
            else:  # the fourth channel only rides along so one depthwise kernel fits
                out = self.up(torch.cat([out, gf[level + 1][:, 3:4]], dim=1), gf[level])[:, :3] + band
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
