"""PyTorch 2.4 eager equivalent of mlp_epoch.rs: one training epoch of the lecture 2.1 MLP
(784->128->10, Adam lr 1e-3, batch 32, shuffled) on the 60 000 Fashion-MNIST training images,
on the CPU. Prints `BENCH mlp_epoch <seconds>` once per repetition. Run by `cargo xtask bench`."""

import argparse
import gzip
import math
import os
import time

import torch
from torch import nn


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = bytearray(f.read())
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    return torch.frombuffer(data, dtype=torch.uint8, offset=4 + 4 * ndim).reshape(dims)


def data_dir():
    if os.environ.get("LENS_DATA"):
        return os.path.join(os.environ["LENS_DATA"], "fashion-mnist")
    cache = os.environ.get("LENS_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "lens-ml"
    )
    return os.path.join(cache, "data", "fashion-mnist")


def find(d, stem):
    for name in (stem, stem + ".gz"):
        if os.path.isfile(os.path.join(d, name)):
            return os.path.join(d, name)
    raise SystemExit(f"missing {os.path.join(d, stem)}(.gz): run `cargo xtask setup`")


def glorot(layer):
    limit = math.sqrt(6.0 / (layer.in_features + layer.out_features))
    nn.init.uniform_(layer.weight, -limit, limit)
    nn.init.zeros_(layer.bias)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--repeat", type=int, default=1)
    args = p.parse_args()
    d = data_dir()
    x = read_idx(find(d, "train-images-idx3-ubyte")).float() / 255.0
    y = read_idx(find(d, "train-labels-idx1-ubyte")).long()
    print(f"info threads {torch.get_num_threads()} samples {len(y)}")
    for r in range(args.repeat):
        torch.manual_seed(r)
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
        glorot(model[1])
        glorot(model[3])
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = nn.CrossEntropyLoss()
        t = time.perf_counter()
        order = torch.randperm(len(y))
        total, hits = 0.0, 0
        for i in range(0, len(y), 32):
            idx = order[i : i + 32]
            xb, yb = x.index_select(0, idx), y.index_select(0, idx)
            logits = model(xb)
            loss = loss_fn(logits, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(yb)
            hits += (logits.argmax(-1) == yb).sum().item()
        secs = time.perf_counter() - t
        print(f"info loss {total / len(y):.4f} accuracy {hits / len(y):.4f}")
        print(f"BENCH mlp_epoch {secs:.6f}")


if __name__ == "__main__":
    main()
