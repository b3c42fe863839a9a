#!/usr/bin/python3
"""Parity fixtures for jdml's bninception backbone. BN-Inception is defined here, in PyTorch, with
the module names and layout of the bn_inception-52deb4733.pth weights of Cadene's pretrainedmodels
(flat names such as inception_3a_1x1 and inception_3a_1x1_bn; convolutions with bias; batch norm with
PyTorch's default eps; poolings with ceil_mode; average pooling that counts the padding; 5b's
pooling branch takes the maximum; 3c and 4e halve the size). Random weights, batch-norm statistics
and affine parameters randomised too, saved with torch.save; a fixed input and the features in
evaluation mode (the average over the last feature map, as that model's logits() pools it).

    /usr/bin/python3 make-bninception.py SIZE OUTDIR

writes OUTDIR/bninception.pth, input.f32 (2 x 3 x SIZE x SIZE), features.f32 (float32
little-endian) and state.txt (each state_dict tensor's name and shape, one a line).
"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

# name: (1x1, 3x3 reduce, 3x3, double 3x3 reduce, double 3x3, pooling, pool projection);
# a width of 0 marks a branch a halving module (3c, 4e) does not have
MODULES = [
    ("3a", 64, 64, 64, 64, 96, "avg", 32),
    ("3b", 64, 64, 96, 64, 96, "avg", 64),
    ("3c", 0, 128, 160, 64, 96, "halve", 0),
    ("4a", 224, 64, 96, 96, 128, "avg", 128),
    ("4b", 192, 96, 128, 96, 128, "avg", 128),
    ("4c", 160, 128, 160, 128, 160, "avg", 128),
    ("4d", 96, 128, 192, 160, 192, "avg", 128),
    ("4e", 0, 128, 192, 192, 256, "halve", 0),
    ("5a", 352, 192, 320, 160, 224, "avg", 128),
    ("5b", 352, 192, 320, 192, 224, "max", 128),
]


class BNInception(nn.Module):

    def __init__(self, num_classes=1000):
        super().__init__()
        self.units = []  # the conv-bn-relu chains of each branch, by module
        self.unit("conv1_7x7_s2", 3, 64, 7, 2, 3)
        self.pool1_3x3_s2 = nn.MaxPool2d(3, stride=2, ceil_mode=True)
        self.unit("conv2_3x3_reduce", 64, 64, 1, 1, 0)
        self.unit("conv2_3x3", 64, 192, 3, 1, 1)
        self.pool2_3x3_s2 = nn.MaxPool2d(3, stride=2, ceil_mode=True)
        channels = 192
        self.modules_ = []
        for name, b1, b2r, b2, b3r, b3, pooling, proj in MODULES:
            n = "inception_%s_" % name
            stride = 2 if pooling == "halve" else 1
            branches = []
            if b1:
                branches.append([self.unit(n + "1x1", channels, b1, 1, 1, 0)])
            branches.append([self.unit(n + "3x3_reduce", channels, b2r, 1, 1, 0),
                             self.unit(n + "3x3", b2r, b2, 3, stride, 1)])
            branches.append([self.unit(n + "double_3x3_reduce", channels, b3r, 1, 1, 0),
                             self.unit(n + "double_3x3_1", b3r, b3, 3, 1, 1),
                             self.unit(n + "double_3x3_2", b3, b3, 3, stride, 1)])
            if pooling == "halve":
                pool = nn.MaxPool2d(3, stride=2, ceil_mode=True)
            elif pooling == "max":
                pool = nn.MaxPool2d(3, stride=1, padding=1, ceil_mode=True)
            else:
                pool = nn.AvgPool2d(3, stride=1, padding=1, ceil_mode=True, count_include_pad=True)
            setattr(self, n + "pool", pool)
            tail = [self.unit(n + "pool_proj", channels, proj, 1, 1, 0)] if proj else []
            branches.append([n + "pool"] + tail)
            self.modules_.append(branches)
            channels = (b1 + b2 + b3 + (proj if proj else channels))
        self.last_linear = nn.Linear(1024, num_classes)

    def unit(self, name, cin, cout, kernel, stride, padding):
        setattr(self, name, nn.Conv2d(cin, cout, kernel_size=kernel, stride=stride, padding=padding))
        setattr(self, name + "_bn", nn.BatchNorm2d(cout))
        return name

    def run(self, name, x):
        module = getattr(self, name)
        if isinstance(module, nn.Conv2d):
            return F.relu(getattr(self, name + "_bn")(module(x)))
        return module(x)

    def features(self, x):
        x = self.run("conv1_7x7_s2", x)
        x = self.pool1_3x3_s2(x)
        x = self.run("conv2_3x3", self.run("conv2_3x3_reduce", x))
        x = self.pool2_3x3_s2(x)
        for branches in self.modules_:
            outputs = []
            for chain in branches:
                y = x
                for name in chain:
                    y = self.run(name, y)
                outputs.append(y)
            x = torch.cat(outputs, 1)
        return x

    def forward(self, x):
        f = self.features(x)
        return F.avg_pool2d(f, kernel_size=f.shape[2]).flatten(1)


def main(size, out):
    torch.manual_seed(3)
    model = BNInception()
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight)
            nn.init.normal_(m.bias, 0, 0.1)
        elif isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0, 0.1)
                m.running_mean.normal_(0, 0.1)
                m.running_var.uniform_(0.5, 1.5)
    state = model.state_dict()
    torch.save(state, "%s/bninception.pth" % out)
    with open("%s/state.txt" % out, "w") as f:
        for name, tensor in state.items():
            f.write("%s %s\n" % (name, " ".join(str(d) for d in tensor.shape)))
    model.eval()
    x = torch.randn(2, 3, size, size)
    with torch.no_grad():
        y = model(x)
    x.numpy().astype("<f4").tofile("%s/input.f32" % out)
    y.numpy().astype("<f4").tofile("%s/features.f32" % out)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
