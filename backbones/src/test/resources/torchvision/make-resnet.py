#!/usr/bin/python3
"""Parity fixtures for jdml's resnet backbone: a torchvision ResNet with random weights (batch-norm
statistics and affine parameters randomised too, so that evaluation mode is really tested), saved
with torch.save as downloaded weights come (the test converts it with tools/pth-to-safetensors.py,
as docs/backbones.md tells users to), plus a fixed input and the model's features in evaluation mode
(global average pooling, the classifier replaced by identity).

    /usr/bin/python3 make-resnet.py DEPTH OUTDIR

writes OUTDIR/resnetDEPTH.pth, input.f32 (2 x 3 x 64 x 64) and features.f32, float32 little-endian.
"""
import sys

import torch
import torchvision


def main(depth, out):
    torch.manual_seed(depth)
    model = getattr(torchvision.models, "resnet%d" % depth)()
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0, 0.1)
                m.running_mean.normal_(0, 0.1)
                m.running_var.uniform_(0.5, 1.5)
    torch.save(model.state_dict(), "%s/resnet%d.pth" % (out, depth))
    model.fc = torch.nn.Identity()
    model.eval()
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        y = model(x)
    x.numpy().astype("<f4").tofile("%s/input.f32" % out)
    y.numpy().astype("<f4").tofile("%s/features.f32" % out)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
