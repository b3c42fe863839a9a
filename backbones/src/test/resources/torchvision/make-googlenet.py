#!/usr/bin/python3
"""Parity fixtures for jdml's googlenet backbone: torchvision's GoogLeNet without auxiliary heads,
random weights (batch-norm statistics and affine parameters randomised too, so that evaluation mode
is really tested), saved with torch.save as downloaded weights come (the test converts it with
tools/pth-to-safetensors.py), plus a fixed input and the model's features in evaluation mode (global
average pooling; dropout and classifier replaced by identity).

    /usr/bin/python3 make-googlenet.py TRANSFORM_INPUT SIZE OUTDIR

TRANSFORM_INPUT is 0 or 1 (torchvision's transform_input). Writes OUTDIR/googlenet.pth, input.f32
(2 x 3 x SIZE x SIZE), features.f32 (float32 little-endian) and state.txt (each state_dict
tensor's name and shape, one a line).
"""
import sys

import torch
import torchvision


def randomise_batch_norm(model):
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0, 0.1)
                m.running_mean.normal_(0, 0.1)
                m.running_var.uniform_(0.5, 1.5)


def main(transform_input, size, out):
    torch.manual_seed(1 + transform_input)
    model = torchvision.models.googlenet(aux_logits=False, transform_input=bool(transform_input),
                                         init_weights=False)
    for m in model.modules():
        if isinstance(m, torch.nn.Conv2d):
            torch.nn.init.kaiming_normal_(m.weight)  # what a trained network's scale looks like
    randomise_batch_norm(model)
    state = model.state_dict()
    torch.save(state, "%s/googlenet.pth" % out)
    with open("%s/state.txt" % out, "w") as f:
        for name, tensor in state.items():
            f.write("%s %s\n" % (name, " ".join(str(d) for d in tensor.shape)))
    model.dropout = torch.nn.Identity()
    model.fc = torch.nn.Identity()
    model.eval()
    x = torch.randn(2, 3, size, size)
    with torch.no_grad():
        y = model(x)
    x.numpy().astype("<f4").tofile("%s/input.f32" % out)
    y.numpy().astype("<f4").tofile("%s/features.f32" % out)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
