#!/usr/bin/python3
"""Reads what `jdml export` writes, for PyTorch. No safetensors package is needed.

    import load_jdml_export
    state, info = load_jdml_export.load("runs/my-run/export/model.safetensors")
    # state: {name: torch.Tensor}, ready for module.load_state_dict(state)
    # info: model.json beside it (architecture, embedding-size, l2-normalized, input)

Run as a script, it lists the file's tensors and prints the description.
"""
import json
import pathlib
import struct
import sys

import torch

DTYPES = {"F32": torch.float32, "I64": torch.int64}


def read_safetensors(path):
    """The tensors of a safetensors file (F32 and I64 only), by name, and its __metadata__."""
    data = pathlib.Path(path).read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    metadata = header.pop("__metadata__", {})
    body = data[8 + length:]
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        dtype = DTYPES[entry["dtype"]]
        flat = torch.frombuffer(bytearray(body[begin:end]), dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(entry["shape"])
    return tensors, metadata


def load(path):
    """The exported tensors and the description jdml wrote beside them (FILE.json)."""
    tensors, metadata = read_safetensors(path)
    sidecar = pathlib.Path(path).with_suffix(".json")
    info = json.loads(sidecar.read_text()) if sidecar.exists() else json.loads(metadata.get("jdml", "{}"))
    return tensors, info


if __name__ == "__main__":
    state, description = load(sys.argv[1])
    for key, tensor in state.items():
        print(key, tuple(tensor.shape), tensor.dtype)
    print(json.dumps(description, indent=2))
