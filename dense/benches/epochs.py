"""PyTorch 2.4 eager equivalents of epochs.rs, one training epoch each on the CPU, timed around
the epoch alone:

- fashion_epoch: the lecture 2.1 MLP (784->128->10, Adam lr 1e-3, batch 32, shuffled) on the
  60 000 Fashion-MNIST training images;
- ins_epoch: the lecture 2.2 dense net (4000->16->8->2, Adam, binary cross-entropy on one-hot
  labels, batch 32) on the 20 000 stand-in spectra that epochs.rs wrote to target/bench/.

Prints `BENCH <name> <seconds>` once per repetition. Run by `cargo xtask bench`."""

import argparse
import gzip
import math
import os
import time

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = bytearray(f.read())
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    return torch.frombuffer(data, dtype=torch.uint8, offset=4 + 4 * ndim).reshape(dims)


def fashion_dir():
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


def glorot(model):
    for layer in model:
        if isinstance(layer, nn.Linear):
            limit = math.sqrt(6.0 / (layer.in_features + layer.out_features))
            nn.init.uniform_(layer.weight, -limit, limit)
            nn.init.zeros_(layer.bias)


def mlp(widths):
    layers = [nn.Flatten()]
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(widths) - 2:
            layers.append(nn.ReLU())
    model = nn.Sequential(*layers)
    glorot(model)
    return model


def epoch(name, x, y, widths, loss_fn, correct, repeat):
    for r in range(repeat):
        torch.manual_seed(r)
        model = mlp(widths)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        t = time.perf_counter()
        order = torch.randperm(len(y))
        total, hits, seen = 0.0, 0, 0
        for i in range(0, len(y), 32):
            idx = order[i : i + 32]
            xb, yb = x.index_select(0, idx), y.index_select(0, idx)
            logits = model(xb)
            loss = loss_fn(logits, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(yb)
            h, s = correct(logits, yb)
            hits += h
            seen += s
        secs = time.perf_counter() - t
        print(f"info {name} loss {total / len(y):.4f} accuracy {hits / seen:.4f}")
        print(f"BENCH {name} {secs:.6f}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--repeat", type=int, default=1)
    args = p.parse_args()
    print(f"info threads {torch.get_num_threads()}")

    d = fashion_dir()
    x = read_idx(find(d, "train-images-idx3-ubyte")).float() / 255.0
    y = read_idx(find(d, "train-labels-idx1-ubyte")).long()
    argmax = lambda logits, yb: ((logits.argmax(-1) == yb).sum().item(), len(yb))
    epoch("fashion_epoch", x, y, [784, 128, 10], nn.CrossEntropyLoss(), argmax, args.repeat)

    bench = os.path.join(HERE, "..", "..", "target", "bench")
    with open(os.path.join(bench, "ins_images.f32"), "rb") as f:
        images = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(-1, 20, 200)
    with open(os.path.join(bench, "ins_labels.u8"), "rb") as f:
        labels = torch.frombuffer(bytearray(f.read()), dtype=torch.uint8).long()
    one_hot = nn.functional.one_hot(labels, 2).float()
    binary = lambda logits, yb: (((logits > 0) == (yb > 0.5)).sum().item(), yb.numel())
    epoch("ins_epoch", images, one_hot, [4000, 16, 8, 2], nn.BCEWithLogitsLoss(), binary, args.repeat)


if __name__ == "__main__":
    main()
