"""Embeds items with torchvision's resnet18 holding the weights `jdml export` wrote.

    python3 torchvision-embed.py TOOLS_DIR EXPORT.safetensors ITEMS.npy OUT.npy

ITEMS.npy holds the preprocessed items (N, 3, H, W) float32; OUT.npy gets their embeddings (N, E).
"""
import sys

import numpy as np
import torch
import torchvision

sys.path.insert(0, sys.argv[1])
import load_jdml_export  # noqa: E402

state, info = load_jdml_export.load(sys.argv[2])
assert info["architecture"] == "torchvision resnet18", info
model = torchvision.models.resnet18()
model.fc = torch.nn.Linear(info["features"], info["embedding-size"])
model.load_state_dict(state, strict=True)
model.eval()
items = torch.from_numpy(np.load(sys.argv[3]))
with torch.no_grad():
    embeddings = model(items)
    if info["l2-normalized"]:
        embeddings = torch.nn.functional.normalize(embeddings, dim=1)
np.save(sys.argv[4], embeddings.numpy().astype(np.float32))
