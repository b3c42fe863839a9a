#!/usr/bin/python3
"""Converts a PyTorch state_dict file (torchvision's resnet50-*.pth, say) to safetensors for jdml.

    python3 tools/pth-to-safetensors.py resnet50-0676ba61.pth resnet50.safetensors

The .pth is read with torch.load(weights_only=True), which unpickles tensors and plain containers
only, never arbitrary objects. Floating-point tensors are written as float32; integer ones (the
batch-norm counters, which jdml ignores) as int64. No safetensors package is needed.
"""
import json
import struct
import sys

import torch


def main(source, target):
    try:
        state = torch.load(source, map_location="cpu", weights_only=True)
    except TypeError:  # torch before 1.13 has no weights_only
        state = torch.load(source, map_location="cpu")
    if "state_dict" in state and isinstance(state["state_dict"], dict):
        state = state["state_dict"]
    header, offset, blobs = {}, 0, []
    for name, tensor in state.items():
        floating = tensor.is_floating_point()
        data = tensor.detach().contiguous().to(torch.float32 if floating else torch.int64).numpy().tobytes()
        header[name] = {"dtype": "F32" if floating else "I64", "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(target, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for blob in blobs:
            out.write(blob)
    print("%s: %d tensors" % (target, len(header)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
