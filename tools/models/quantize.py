"""Post-training int8 quantization of a converted TorchScript model.

    /usr/bin/python3 quantize.py model-fp32.pt calibration.f32 198,198,3 model.pt

Weights become int8 per output channel; activations uint8 per tensor, their ranges taken from a
histogram of the calibration inputs (float32 little-endian, NHWC, one input after another; for
GEAR, `./mvnw -q test-compile exec:java@gear-calibration` writes them). Activations use 7 of the 8
bits (`reduce_range`), as libtorch's x86 kernels need on CPUs without VNNI instructions to avoid
saturating their 16-bit accumulations; with VNNI the 8th bit gains little (GEAR's minor
probability on the test faces moved by 0.012 on average with it, 0.015 without).

TorchScript graph-mode quantization (`quantize_jit`) works on the traced graph as it is, so the
converter's NHWC graph needs no change. It runs on Debian's torch 1.13 (which has the onednn and
qnnpack engines, not fbgemm); the packed weights are saved unpacked and repacked by whichever
engine loads the file (libtorch 2.7's x86 engine, through DJL).
"""
import argparse

import numpy as np
import torch
from torch.ao.quantization import HistogramObserver, PerChannelMinMaxObserver, QConfig, quantize_jit


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('model')
    parser.add_argument('calibration')
    parser.add_argument('shape', help='one input without the batch axis, e.g. 198,198,3')
    parser.add_argument('out')
    args = parser.parse_args()

    torch.manual_seed(0)
    torch.backends.quantized.engine = 'onednn'
    model = torch.jit.load(args.model).eval()
    shape = [int(v) for v in args.shape.split(',')]
    inputs = np.fromfile(args.calibration, dtype='<f4').reshape(-1, *shape)
    if len(inputs) == 0:
        raise SystemExit('no calibration inputs in ' + args.calibration)
    batches = [torch.from_numpy(x[None].copy()) for x in inputs]

    qconfig = QConfig(activation=HistogramObserver.with_args(reduce_range=True),
                      weight=PerChannelMinMaxObserver.with_args(dtype=torch.qint8, qscheme=torch.per_channel_symmetric))

    def calibrate(module, data):
        with torch.no_grad():
            for x in data:
                module(x)

    quantized = quantize_jit(model, {'': qconfig}, calibrate, [batches], inplace=False)
    with torch.no_grad():
        worst = max((a - b).abs().max().item()
                    for x in batches for a, b in zip(quantized(x), model(x)))
    quantized.save(args.out)
    print(f'{len(batches)} calibration inputs; largest output change on them: {worst:.4f}')


if __name__ == '__main__':
    main()
