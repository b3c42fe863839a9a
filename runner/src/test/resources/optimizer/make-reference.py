#!/usr/bin/python3
"""Reference trajectories of torch.optim.Adam and torch.optim.SGD for OptimizerReferenceTest.

Each case starts from the same weights, feeds the same gradients (the gradient of step t is given,
not computed, so the optimizers are compared alone) with a learning rate that changes every step, and
records the weights after every step. Two parameter groups per case, the second with twice the
learning rate, as jdml's learning-rate multipliers do. float64 throughout: the Java side runs in
float32 and is compared with a tolerance.

Run with Debian's python3-torch:  /usr/bin/python3 make-reference.py > reference.json
"""
import json

import torch

torch.manual_seed(7)
STEPS = 6
W0 = [torch.randn(5, dtype=torch.float64), torch.randn(3, dtype=torch.float64)]
GRADS = [[torch.randn(5, dtype=torch.float64), torch.randn(3, dtype=torch.float64)] for _ in range(STEPS)]
RATES = [0.05, 0.04, 0.03, 0.05, 0.01, 0.02]
MULTIPLIERS = [1.0, 2.0]

CASES = [
    {"name": "adam", "optimizer": "adam", "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight-decay": 0.0},
    {"name": "adam-decay", "optimizer": "adam", "beta1": 0.8, "beta2": 0.99, "eps": 1e-3, "weight-decay": 0.05},
    {"name": "sgd", "optimizer": "sgd", "momentum": 0.0, "nesterov": False, "weight-decay": 0.0},
    {"name": "sgd-momentum", "optimizer": "sgd", "momentum": 0.9, "nesterov": False, "weight-decay": 0.01},
    {"name": "sgd-nesterov", "optimizer": "sgd", "momentum": 0.8, "nesterov": True, "weight-decay": 0.02},
]


def trajectory(case):
    weights = [w.clone().requires_grad_(True) for w in W0]
    groups = [{"params": [w], "lr": RATES[0] * m} for w, m in zip(weights, MULTIPLIERS)]
    if case["optimizer"] == "adam":
        opt = torch.optim.Adam(groups, betas=(case["beta1"], case["beta2"]), eps=case["eps"],
                               weight_decay=case["weight-decay"])
    else:
        opt = torch.optim.SGD(groups, lr=RATES[0], momentum=case["momentum"], nesterov=case["nesterov"],
                              weight_decay=case["weight-decay"])
    after = []
    for t in range(STEPS):
        for group, m in zip(opt.param_groups, MULTIPLIERS):
            group["lr"] = RATES[t] * m
        for w, g in zip(weights, GRADS[t]):
            w.grad = g.clone()
        opt.step()
        after.append([w.detach().tolist() for w in weights])
    return after


print(json.dumps({
    "torch": torch.__version__,
    "initial": [w.tolist() for w in W0],
    "gradients": [[g.tolist() for g in step] for step in GRADS],
    "rates": RATES,
    "multipliers": MULTIPLIERS,
    "cases": [dict(case, after=trajectory(case)) for case in CASES],
}, indent=1))
