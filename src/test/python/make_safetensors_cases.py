#!/usr/bin/python3
"""Writes safetensors files of PyTorch nn.Sequential MLPs, with the inputs and PyTorch's outputs,
into src/test/resources/safetensors/, for SafetensorsTorchTest. Run with Debian's python3-torch:
    /usr/bin/python3 src/test/python/make_safetensors_cases.py
The tests only read the files; they never run this script.

The files are written here byte by byte following the safetensors format (an 8-byte little-endian
header length N, N bytes of JSON header padded with spaces to a multiple of 8, then the tensor
data), with the tensors stored in another order than the header lists them and the data sorted by
name, as the safetensors package stores them; that package itself is not needed. PyTorch computes
every expected output in float64 from the tensors as stored (F32, F16 and BF16 tensors widened to
float64 exactly), so the Java results must agree to rounding, 1e-12."""
import json
import os
import struct

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "safetensors")
DTYPE_NAMES = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}


def tensor_bytes(t):
    """The tensor's elements, row-major, little-endian (this machine's order, checked below)."""
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def write_safetensors(path, tensors, metadata):
    """tensors: name -> torch tensor, in the order the header lists them; data sorted by name."""
    data = {name: tensor_bytes(t) for name, t in tensors.items()}
    offsets, at = {}, 0
    for name in sorted(tensors):
        offsets[name] = (at, at + len(data[name]))
        at += len(data[name])
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        header[name] = {"dtype": DTYPE_NAMES[t.dtype], "shape": list(t.shape), "data_offsets": list(offsets[name])}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for name in sorted(tensors):
            f.write(data[name])


def outputs(model, x, shift=None, scale=None):
    """PyTorch's outputs in float64 for the model's parameters as stored."""
    m = model.double()
    if shift is not None:
        x = (x - shift) / scale
    with torch.no_grad():
        return m(x)


def main():
    assert struct.pack("=d", 1.0) == struct.pack("<d", 1.0), "the script assumes a little-endian machine"
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(20261122)
    x = torch.randn(7, 4, dtype=torch.float64) * 2.5 + 0.5
    cases = []

    # a classifier with softmax output, float64 parameters; metadata as transformers writes it
    mlp = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 3),
                        nn.Softmax(dim=1)).double()
    write_safetensors(os.path.join(OUT, "torch-mlp-f64.safetensors"), mlp.state_dict(), {"format": "pt"})
    cases.append({"file": "torch-mlp-f64.safetensors", "activations": ["relu", "tanh", "softmax"],
                  "outputs": outputs(mlp, x).tolist()})

    # logits (no module after the last Linear), float32 parameters, no metadata; then F16 and BF16
    logits = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 3))
    for dtype, name in [(torch.float32, "f32"), (torch.float16, "f16"), (torch.bfloat16, "bf16")]:
        stored = {k: v.to(dtype) for k, v in logits.state_dict().items()}
        write_safetensors(os.path.join(OUT, "torch-mlp-%s.safetensors" % name), stored, None)
        widened = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 3)).double()
        widened.load_state_dict({k: v.double() for k, v in stored.items()}, strict=True)
        cases.append({"file": "torch-mlp-%s.safetensors" % name, "activations": ["relu", "tanh", "identity"],
                      "outputs": outputs(widened, x).tolist()})

    # this library's layout and metadata, written by Python: activation parameters, input scaling, classes
    tagged = nn.Sequential(nn.Linear(4, 6), nn.LeakyReLU(0.2), nn.Linear(6, 5), nn.GELU(), nn.Linear(5, 3),
                           nn.Softmax(dim=1)).double()
    shift = torch.tensor([0.5, -1.25, 3.0, 0.1], dtype=torch.float64)
    scale = torch.tensor([2.5, 0.75, 1.0 / 3.0, 4.2], dtype=torch.float64)
    classes = ["cat", "dog", "bird \u00e9\u00e8 \"quoted\""]
    metadata = {
        "format": "matrix-backprop",
        "activations": json.dumps(["leaky_relu", "gelu", "softmax"]),
        "activation_parameters": json.dumps([{"slope": 0.2}, {}, {}]),
        "input_shift": json.dumps(shift.tolist()),
        "input_scale": json.dumps(scale.tolist()),
        "classes": json.dumps(classes),
    }
    write_safetensors(os.path.join(OUT, "python-matrix-backprop-layout.safetensors"), tagged.state_dict(), metadata)
    y = outputs(tagged, x, shift, scale)
    cases.append({"file": "python-matrix-backprop-layout.safetensors", "activations": None,
                  "outputs": y.tolist(), "classes": [classes[k] for k in y.argmax(dim=1).tolist()]})

    with open(os.path.join(OUT, "torch-cases.json"), "w") as f:
        json.dump({"generator": "src/test/python/make_safetensors_cases.py", "torch": torch.__version__,
                   "inputs": x.tolist(), "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
