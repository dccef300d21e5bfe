#!/usr/bin/python3
"""Converts TensorFlow.js models (graph models and Keras layers models) into TorchScript.

    /usr/bin/python3 tools/models/tfjs_to_torchscript.py MODEL_JSON WEIGHTS_BIN OUT.pt --input-shape 1,256,256,3 \
        [--outputs name,name] [--layers]

The converted module runs the original graph op by op with the same numerics: tensors keep
TensorFlow's NHWC layout, convolutions run on channels-last views (no copies), and TF's SAME
padding, pooling and resize rules are reproduced exactly. The module is traced with a fixed input
shape (the models take fixed-size crops) and saved with the torch that reads it back most widely:
Debian's python3-torch 1.13, whose TorchScript libtorch 2.7 (DJL) loads. Re-running it on the
same inputs writes the same file contents (tracing is deterministic, weights are copied as is).

This is a developer tool, not part of the build; tools/models/convert-all.mjs drives it.
"""
import argparse
import base64
import json
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F

_DTYPES = {'float32': (np.float32, 4), 'int32': (np.int32, 4), 'uint8': (np.uint8, 1),
           'uint16': (np.uint16, 2), 'float16': (np.float16, 2), 'bool': (np.bool_, 1)}


def read_weights(manifest, blob):
    """Decodes the weights manifest: plain float32/int32, or quantized uint8/uint16/float16."""
    out, offset = {}, 0
    for group in manifest:
        for spec in group['weights']:
            count = int(np.prod(spec['shape'])) if spec['shape'] else 1
            quant = spec.get('quantization')
            stored = quant['dtype'] if quant else spec['dtype']
            np_type, size = _DTYPES[stored]
            raw = np.frombuffer(blob, dtype=np_type, count=count, offset=offset)
            offset += count * size
            if quant and stored in ('uint8', 'uint16'):
                raw = raw.astype(np.float32) * np.float32(quant['scale']) + np.float32(quant['min'])
            value = raw.astype(_DTYPES[spec['dtype']][0]).reshape(spec['shape'])
            out[spec['name']] = value
    if offset != len(blob):
        raise ValueError(f'weights use {offset} bytes but the shards hold {len(blob)}')
    return out


def same_pads(size, kernel, stride, dilation=1):
    effective = (kernel - 1) * dilation + 1
    total = max((math.ceil(size / stride) - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def _attr(node, key, default=None):
    a = node.get('attr', {}).get(key)
    if a is None:
        return default
    if 's' in a:
        return base64.b64decode(a['s']).decode()
    if 'list' in a:
        lst = a['list']
        if 'i' in lst:
            return [int(v) for v in lst['i']]
        if 's' in lst:
            return [base64.b64decode(v).decode() for v in lst['s']]
        if 'f' in lst:
            return [float(v) for v in lst['f']]
        return []
    if 'i' in a:
        return int(a['i'])
    if 'f' in a:
        return float(a['f'])
    if 'b' in a:
        return bool(a['b'])
    if 'type' in a:
        return a['type']
    return default


def conv_nhwc(x, weight, bias, stride, padding, dilation, groups, explicit=None):
    """A TF convolution on NHWC tensors: the permute is a view, so torch runs it channels-last."""
    h, w = x.shape[1], x.shape[2]
    kh, kw = weight.shape[2], weight.shape[3]
    pad = (0, 0)
    if padding == 'SAME':
        top, bottom = same_pads(h, kh, stride[0], dilation[0])
        left, right = same_pads(w, kw, stride[1], dilation[1])
        if top == bottom and left == right:
            pad = (top, left)  # symmetric: the convolution pads itself, no copy
        else:
            x = F.pad(x, (0, 0, left, right, top, bottom))
    elif padding == 'EXPLICIT':
        x = F.pad(x, (0, 0, explicit[4], explicit[5], explicit[2], explicit[3]))
    y = F.conv2d(x.permute(0, 3, 1, 2), weight, bias, stride=tuple(stride), padding=pad, dilation=tuple(dilation),
                 groups=groups)
    return y.permute(0, 2, 3, 1)


def pool_nhwc(x, kind, ksize, strides, padding):
    kh, kw, sh, sw = ksize[1], ksize[2], strides[1], strides[2]
    nchw = x.permute(0, 3, 1, 2)
    if padding == 'SAME':
        top, bottom = same_pads(x.shape[1], kh, sh)
        left, right = same_pads(x.shape[2], kw, sw)
    else:
        top = bottom = left = right = 0
    if kind == 'max':
        if top or bottom or left or right:
            nchw = F.pad(nchw, (left, right, top, bottom), value=float('-inf'))
        y = F.max_pool2d(nchw, (kh, kw), (sh, sw))
    else:
        # TF averages over the window's real pixels only
        if top or bottom or left or right:
            ones = torch.ones_like(nchw[:, :1])
            total = F.avg_pool2d(F.pad(nchw, (left, right, top, bottom)), (kh, kw), (sh, sw), divisor_override=1)
            count = F.avg_pool2d(F.pad(ones, (left, right, top, bottom)), (kh, kw), (sh, sw), divisor_override=1)
            y = total / count
        else:
            y = F.avg_pool2d(nchw, (kh, kw), (sh, sw))
    return y.permute(0, 2, 3, 1)


def activation(name, x, alpha=None, leaky=0.2):
    if name in (None, '', 'linear'):
        return x
    if name == 'Relu' or name == 'relu':
        return torch.relu(x)
    if name == 'Relu6' or name == 'relu6':
        return torch.clamp(x, 0.0, 6.0)
    if name == 'Prelu':
        return torch.where(x > 0, x, x * alpha)
    if name == 'LeakyRelu':
        return torch.where(x > 0, x, x * leaky)
    if name == 'Sigmoid' or name == 'sigmoid':
        return torch.sigmoid(x)
    if name == 'Elu':
        return F.elu(x)
    if name == 'softmax':
        return torch.softmax(x, dim=-1)
    raise NotImplementedError(f'activation {name}')


class GraphModel(torch.nn.Module):
    """Executes a TF.js graph model's nodes in order."""

    def __init__(self, topology, weights, outputs):
        super().__init__()
        self.nodes = topology['node']
        self.output_names = outputs
        self.consts = {}
        self._index = 0
        for node in self.nodes:
            if node['op'] == 'Const':
                value = weights[node['name']]
                if value.dtype == np.int32 or value.dtype == np.bool_:
                    self.consts[node['name']] = value  # shapes, axes, paddings: Python values
                else:
                    self.consts[node['name']] = self._param(value)
        self.prepared = {}
        for node in self.nodes:
            op = node['op']
            if op in ('Conv2D', '_FusedConv2D'):
                self._prepare_filter(node, depthwise=False)
            elif op in ('DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative'):
                self._prepare_filter(node, depthwise=True)

    def _param(self, value):
        name = f'w{self._index}'
        self._index += 1
        self.register_buffer(name, torch.from_numpy(np.ascontiguousarray(value)))
        return name

    def _prepare_filter(self, node, depthwise):
        filt = self._numpy(node['input'][1])
        if depthwise:  # [H, W, C, M] -> [C*M, 1, H, W]
            h, w, c, m = filt.shape
            torch_filter = filt.transpose(2, 3, 0, 1).reshape(c * m, 1, h, w)
        else:  # [H, W, I, O] -> [O, I, H, W]
            torch_filter = filt.transpose(3, 2, 0, 1)
        self.prepared[node['name']] = self._param(torch_filter)

    def _numpy(self, ref):
        name = ref.split(':')[0]
        value = self.consts[name]
        return value if isinstance(value, np.ndarray) else getattr(self, value).numpy()

    def _tensor(self, env, ref):
        name, _, idx = ref.partition(':')
        if name in self.consts:
            value = self.consts[name]
            return torch.from_numpy(value) if isinstance(value, np.ndarray) else getattr(self, value)
        value = env[name]
        return value[int(idx)] if isinstance(value, tuple) else value

    def forward(self, x):
        env = {}
        for node in self.nodes:
            op, name = node['op'], node['name']
            inputs = [i for i in node.get('input', []) if not i.startswith('^')]
            if op == 'Const':
                continue
            if op == 'Placeholder':
                env[name] = x
                continue
            t = lambda k: self._tensor(env, inputs[k])  # noqa: E731
            env[name] = self._run(op, node, inputs, t)
        outs = [self._tensor(env, o) for o in self.output_names]
        return outs[0] if len(outs) == 1 else tuple(outs)

    def _run(self, op, node, inputs, t):
        if op in ('Identity', 'StopGradient'):
            return t(0)
        if op in ('Conv2D', '_FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative'):
            x = t(0)
            weight = getattr(self, self.prepared[node['name']])
            depthwise = 'Depthwise' in op
            fused = _attr(node, 'fused_ops', []) if op.startswith(('_Fused', 'Fused')) else []
            bias = t(2) if fused and fused[0] == 'BiasAdd' else None
            strides = _attr(node, 'strides', [1, 1, 1, 1])
            dil = _attr(node, 'dilations', [1, 1, 1, 1])
            y = conv_nhwc(x, weight, bias, strides[1:3], _attr(node, 'padding'), dil[1:3],
                          x.shape[3] if depthwise else 1, _attr(node, 'explicit_paddings', None))
            for extra in fused[1:] if fused and fused[0] == 'BiasAdd' else fused:
                y = activation(extra, y, t(3) if extra == 'Prelu' else None, _attr(node, 'leakyrelu_alpha', 0.2))
            return y
        if op == '_FusedMatMul' or op == 'MatMul':
            a, b = t(0), t(1)
            if _attr(node, 'transpose_a', False):
                a = a.t()
            if _attr(node, 'transpose_b', False):
                b = b.t()
            y = a.matmul(b)
            fused = _attr(node, 'fused_ops', [])
            if fused and fused[0] == 'BiasAdd':
                y = y + t(2)
                fused = fused[1:]
            for extra in fused:
                y = activation(extra, y)
            return y
        if op in ('Add', 'AddV2', 'BiasAdd'):
            return t(0) + t(1)
        if op == 'AddN':
            total = t(0)
            for k in range(1, len(inputs)):
                total = total + t(k)
            return total
        if op == 'Sub':
            return t(0) - t(1)
        if op == 'Mul':
            return t(0) * t(1)
        if op == 'RealDiv':
            return t(0) / t(1)
        if op == 'Maximum':
            return torch.maximum(t(0), t(1))
        if op == 'Minimum':
            return torch.minimum(t(0), t(1))
        if op in ('Relu', 'Relu6', 'Sigmoid', 'Elu'):
            return activation(op, t(0))
        if op == 'Prelu':
            return activation('Prelu', t(0), t(1))
        if op == 'Tanh':
            return torch.tanh(t(0))
        if op == 'Abs':
            return torch.abs(t(0))
        if op == 'Square':
            return t(0) * t(0)
        if op == 'Rsqrt':
            return torch.rsqrt(t(0))
        if op == 'Softmax':
            return torch.softmax(t(0), dim=-1)
        if op == 'Pad':
            p = self._numpy(inputs[1]).tolist()
            flat = []
            for before, after in reversed(p):
                flat += [before, after]
            return F.pad(t(0), tuple(flat))
        if op in ('MaxPool', 'AvgPool'):
            return pool_nhwc(t(0), 'max' if op == 'MaxPool' else 'avg', _attr(node, 'ksize'), _attr(node, 'strides'),
                             _attr(node, 'padding'))
        if op == 'Reshape':
            return t(0).reshape([int(v) for v in self._numpy(inputs[1]).reshape(-1)])
        if op in ('Mean', 'Sum', 'Max'):
            axes = [int(v) for v in np.atleast_1d(self._numpy(inputs[1]))]
            keep = bool(_attr(node, 'keep_dims', False))
            x = t(0)
            if op == 'Mean':
                return x.mean(dim=axes, keepdim=keep)
            if op == 'Sum':
                return x.sum(dim=axes, keepdim=keep)
            return torch.amax(x, dim=axes, keepdim=keep)
        if op == 'Squeeze':
            dims = _attr(node, 'squeeze_dims', [])
            x = t(0)
            for d in sorted(dims, reverse=True):
                x = x.squeeze(d)
            return x
        if op == 'ResizeBilinear':
            size = [int(v) for v in self._numpy(inputs[1])]
            align = _attr(node, 'align_corners', False)
            half = _attr(node, 'half_pixel_centers', False)
            if not align and not half:
                raise NotImplementedError('legacy ResizeBilinear (neither align_corners nor half_pixel_centers)')
            y = F.interpolate(t(0).permute(0, 3, 1, 2), size=size, mode='bilinear', align_corners=bool(align))
            return y.permute(0, 2, 3, 1)
        if op == 'ConcatV2':
            # the last input is the axis; the tensors keep TensorFlow's layout, so the axis is TF's
            axis = int(np.atleast_1d(self._numpy(inputs[-1]))[0])
            return torch.cat([t(k) for k in range(len(inputs) - 1)], dim=axis)
        if op == 'Conv2DBackpropInput':
            out_shape = [int(v) for v in self._numpy(inputs[0])]
            filt = self._numpy(inputs[1])  # [H, W, out, in]
            x = t(2)
            strides = _attr(node, 'strides')[1:3]
            weight = torch.from_numpy(np.ascontiguousarray(filt.transpose(3, 2, 0, 1)))  # [in, out, H, W]
            kh, kw = filt.shape[0], filt.shape[1]
            y = F.conv_transpose2d(x.permute(0, 3, 1, 2), weight, stride=tuple(strides))
            if _attr(node, 'padding') == 'SAME':
                ph = y.shape[2] - out_shape[1]
                pw = y.shape[3] - out_shape[2]
                y = y[:, :, ph // 2: ph // 2 + out_shape[1], pw // 2: pw // 2 + out_shape[2]]
            del kh, kw
            return y.permute(0, 2, 3, 1)
        raise NotImplementedError(f'op {op} ({node["name"]})')


class LayersModel(torch.nn.Module):
    """Executes a Keras functional model (TF.js layers format) layer by layer."""

    def __init__(self, topology, weights):
        super().__init__()
        config = topology['model_config']['config']
        self.layers = config['layers']
        self.output_names = [o[0] for o in config['output_layers']]
        self.input_name = config['input_layers'][0][0]
        self._index = 0
        self.params = {}
        for layer in self.layers:
            name, kind = layer['config']['name'], layer['class_name']
            w = {k.split('/')[-1]: v for k, v in weights.items() if k.rsplit('/', 1)[0] == name}
            if kind == 'Conv2D':
                self.params[name] = (self._param(w['kernel'].transpose(3, 2, 0, 1)), self._opt(w, 'bias'))
            elif kind == 'DepthwiseConv2D':
                k = w['depthwise_kernel']
                h, wd, c, m = k.shape
                self.params[name] = (self._param(k.transpose(2, 3, 0, 1).reshape(c * m, 1, h, wd)), self._opt(w, 'bias'))
            elif kind == 'BatchNormalization':
                eps = layer['config'].get('epsilon', 1e-3)
                scale = w['gamma'] / np.sqrt(w['moving_variance'] + np.float32(eps))
                shift = w['beta'] - w['moving_mean'] * scale
                self.params[name] = (self._param(scale.astype(np.float32)), self._param(shift.astype(np.float32)))
            elif kind == 'Dense':
                self.params[name] = (self._param(w['kernel']), self._opt(w, 'bias'))

    def _param(self, value):
        name = f'w{self._index}'
        self._index += 1
        self.register_buffer(name, torch.from_numpy(np.ascontiguousarray(value)))
        return name

    def _opt(self, w, key):
        return self._param(w[key]) if key in w else None

    def _get(self, name):
        return None if name is None else getattr(self, name)

    def forward(self, x):
        env = {self.input_name: x}
        for layer in self.layers:
            kind, cfg = layer['class_name'], layer['config']
            name = cfg['name']
            if kind == 'InputLayer':
                continue
            inbound = [n[0] for n in layer['inbound_nodes'][0]]
            ins = [env[n] for n in inbound]
            env[name] = self._run(kind, cfg, name, ins)
        outs = [env[n] for n in self.output_names]
        return outs[0] if len(outs) == 1 else tuple(outs)

    def _run(self, kind, cfg, name, ins):
        x = ins[0]
        if kind in ('Conv2D', 'DepthwiseConv2D'):
            weight, bias = self.params[name]
            stride = cfg['strides']
            dil = cfg.get('dilation_rate', [1, 1])
            y = conv_nhwc(x, self._get(weight), self._get(bias), stride, cfg['padding'].upper(), dil,
                          x.shape[3] if kind == 'DepthwiseConv2D' else 1)
            return activation(cfg.get('activation'), y)
        if kind == 'BatchNormalization':
            scale, shift = self.params[name]
            return x * self._get(scale) + self._get(shift)
        if kind == 'ReLU':
            y = torch.relu(x)
            return torch.clamp(y, max=float(cfg['max_value'])) if cfg.get('max_value') is not None else y
        if kind == 'Activation':
            return activation(cfg['activation'], x)
        if kind == 'ZeroPadding2D':
            (top, bottom), (left, right) = cfg['padding']
            return F.pad(x, (0, 0, left, right, top, bottom))
        if kind == 'Add':
            y = ins[0]
            for other in ins[1:]:
                y = y + other
            return y
        if kind in ('AveragePooling2D', 'MaxPooling2D'):
            pool, strides = cfg['pool_size'], cfg.get('strides') or cfg['pool_size']
            return pool_nhwc(x, 'avg' if kind == 'AveragePooling2D' else 'max', [1, pool[0], pool[1], 1],
                             [1, strides[0], strides[1], 1], cfg['padding'].upper())
        if kind == 'Flatten':
            return x.reshape(x.shape[0], -1)
        if kind == 'GlobalAveragePooling2D':
            return x.mean(dim=[1, 2])
        if kind == 'Dropout':
            return x
        if kind == 'Dense':
            weight, bias = self.params[name]
            y = x.matmul(self._get(weight))
            if bias is not None:
                y = y + self._get(bias)
            return activation(cfg.get('activation'), y)
        raise NotImplementedError(f'layer {kind} ({name})')


def convert(model_json, weights_bin, out, input_shape, outputs=None, layers=False):
    torch.manual_seed(0)
    with open(model_json) as f:
        model = json.load(f)
    with open(weights_bin, 'rb') as f:
        blob = f.read()
    weights = read_weights(model['weightsManifest'], blob)
    if layers:
        module = LayersModel(model['modelTopology'], weights)
    else:
        module = GraphModel(model['modelTopology'], weights, outputs)
    module.eval()
    example = torch.zeros(input_shape)
    with torch.no_grad():
        traced = torch.jit.trace(module, example, check_trace=False)
    traced.save(out)
    return traced


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('model_json')
    parser.add_argument('weights_bin')
    parser.add_argument('out')
    parser.add_argument('--input-shape', required=True)
    parser.add_argument('--outputs', default='')
    parser.add_argument('--layers', action='store_true')
    args = parser.parse_args()
    shape = [int(v) for v in args.input_shape.split(',')]
    outputs = [o for o in args.outputs.split(',') if o]
    convert(args.model_json, args.weights_bin, args.out, shape, outputs, args.layers)
    print(f'{args.out}: torch {torch.__version__}', file=sys.stderr)


if __name__ == '__main__':
    main()
