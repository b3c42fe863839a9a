#!/usr/bin/python3
"""One fine-tuning step of torchvision's resnet18 with an embedding layer in PyTorch, the reference
for jdml's fine-tuning controls (jdml.model.fine-tune): batch norm normalising with its running
statistics (frozen), the stem frozen, the embedding layer at 10x the learning rate, no weight decay
on norms and biases, one step of SGD with momentum and weight decay, on the loss sum(e * R) of the
L2-normalised embeddings e and a fixed R.

    /usr/bin/python3 make-finetune-step.py OUTDIR

writes OUTDIR/before.pth and after.pth (the backbone's state_dict; fc is the embedding layer),
embedding-before.f32 and embedding-after.f32 (fc's weight then bias), input.f32 (4 x 3 x 32 x 32),
target.f32 (R, 4 x 8), float32 little-endian.
"""
import sys

import torch
import torchvision

LR, MOMENTUM, DECAY, EMBEDDING_LR = 0.05, 0.9, 0.01, 10.0


def main(out):
    torch.manual_seed(3)
    model = torchvision.models.resnet18()
    model.fc = torch.nn.Linear(512, 8)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0, 0.1)
                m.running_mean.normal_(0, 0.1)
                m.running_var.uniform_(0.5, 1.5)
    torch.save(model.state_dict(), "%s/before.pth" % out)
    save_embedding(model, "%s/embedding-before.f32" % out)

    for name, p in model.named_parameters():      # frozen-stages = 1: resnet's stem
        if name.startswith("conv1.") or name.startswith("bn1."):
            p.requires_grad_(False)
    groups = {"backbone": [], "embedding": [], "embedding-bias": [], "norm-and-bias": []}
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        if name.startswith("fc."):
            groups["embedding-bias" if p.dim() == 1 else "embedding"].append(p)
        else:
            groups["norm-and-bias" if p.dim() == 1 else "backbone"].append(p)
    optimizer = torch.optim.SGD([
        {"params": groups["backbone"], "lr": LR, "weight_decay": DECAY},
        {"params": groups["embedding"], "lr": LR * EMBEDDING_LR, "weight_decay": DECAY},
        {"params": groups["embedding-bias"], "lr": LR * EMBEDDING_LR, "weight_decay": 0},
        {"params": groups["norm-and-bias"], "lr": LR, "weight_decay": 0},
    ], lr=LR, momentum=MOMENTUM)

    model.train()
    for m in model.modules():                     # batch-norm = freeze-statistics
        if isinstance(m, torch.nn.BatchNorm2d):
            m.eval()
    x = torch.randn(4, 3, 32, 32)
    target = torch.randn(4, 8)
    for _ in range(2):                            # two steps, so that momentum counts
        optimizer.zero_grad()
        e = torch.nn.functional.normalize(model(x), p=2, dim=1, eps=1e-12)
        (e * target).sum().backward()
        optimizer.step()

    torch.save(model.state_dict(), "%s/after.pth" % out)
    save_embedding(model, "%s/embedding-after.f32" % out)
    x.numpy().astype("<f4").tofile("%s/input.f32" % out)
    target.numpy().astype("<f4").tofile("%s/target.f32" % out)


def save_embedding(model, path):
    with torch.no_grad():
        torch.cat([model.fc.weight.flatten(), model.fc.bias]).numpy().astype("<f4").tofile(path)


if __name__ == "__main__":
    main(sys.argv[1])
