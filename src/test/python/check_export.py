#!/usr/bin/python3
"""Loads a safetensors export of matrix-backprop into PyTorch, as docs/interop.md shows, and prints
its predictions on the given inputs, so that they can be compared with the Java model's:

    /usr/bin/python3 src/test/python/check_export.py model.safetensors inputs.json [expected.json]

inputs.json holds a JSON list of raw feature rows; expected.json (optional) the Java predictions,
a list of output rows: the script then prints the largest absolute difference. It uses the
safetensors package when it is installed, else reads the file itself (the format is simple)."""
import json
import struct
import sys

import torch
from torch import nn

MODULES = {
    "identity": lambda p: nn.Identity(),
    "sigmoid": lambda p: nn.Sigmoid(),
    "tanh": lambda p: nn.Tanh(),
    "relu": lambda p: nn.ReLU(),
    "leaky_relu": lambda p: nn.LeakyReLU(p.get("slope", 0.01)),
    "elu": lambda p: nn.ELU(p.get("alpha", 1.0)),
    "softplus": lambda p: nn.Softplus(),
    "gelu": lambda p: nn.GELU(),
    "silu": lambda p: nn.SiLU(),
    "softmax": lambda p: nn.Softmax(dim=1),
}
DTYPES = {"F64": (torch.float64, 8), "F32": (torch.float32, 4)}


def read_safetensors(path):
    """The tensors and the metadata of a safetensors file."""
    try:
        from safetensors import safe_open
        with safe_open(path, framework="pt") as f:
            return {k: f.get_tensor(k) for k in f.keys()}, f.metadata()
    except ImportError:
        pass
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, t in header.items():
        dtype, size = DTYPES[t["dtype"]]
        begin, end = t["data_offsets"]
        flat = torch.frombuffer(bytearray(data[begin:end]), dtype=dtype)
        tensors[name] = flat.reshape(t["shape"])
    return tensors, meta


def load(path):
    """The nn.Sequential, the input shift and scale (or None) and the class names (or None)."""
    tensors, meta = read_safetensors(path)
    names = json.loads(meta["activations"])
    params = json.loads(meta.get("activation_parameters", "null")) or [{} for _ in names]
    modules = []
    for l, (name, p) in enumerate(zip(names, params)):
        out_features, in_features = tensors[f"{2 * l}.weight"].shape
        modules += [nn.Linear(in_features, out_features), MODULES[name](p)]
    model = nn.Sequential(*modules).double()
    model.load_state_dict({k: v.double() for k, v in tensors.items()}, strict=True)
    shift = scale = None
    if "input_shift" in meta:
        shift = torch.tensor(json.loads(meta["input_shift"]), dtype=torch.float64)
        scale = torch.tensor(json.loads(meta["input_scale"]), dtype=torch.float64)
    classes = json.loads(meta["classes"]) if "classes" in meta else None
    return model, shift, scale, classes


def main():
    model, shift, scale, classes = load(sys.argv[1])
    with open(sys.argv[2]) as f:
        x = torch.tensor(json.load(f), dtype=torch.float64)
    if shift is not None:
        x = (x - shift) / scale
    with torch.no_grad():
        y = model(x)
    print(model)
    if classes is not None:
        print("classes:", [classes[k] for k in y.argmax(dim=1).tolist()])
    if len(sys.argv) > 3:
        with open(sys.argv[3]) as f:
            expected = torch.tensor(json.load(f), dtype=torch.float64)
        print("largest absolute difference from the expected outputs: %.3g" % (y - expected).abs().max().item())
    else:
        print(json.dumps(y.tolist()))


if __name__ == "__main__":
    main()
