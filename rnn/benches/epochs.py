"""PyTorch equivalents of epochs.rs (see there), on the same windows. Prints
`BENCH <name> <seconds>` once per repetition. Run by `cargo xtask bench`, which sets LENS_DATA to the
data folder."""

import argparse
import csv
import os
import time

import numpy as np
import torch


class Model(torch.nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.rnn = torch.nn.RNN(1, 10, batch_first=True) if cell == "rnn" else torch.nn.LSTM(1, 10, batch_first=True)
        self.drop = torch.nn.Dropout(0.2)
        self.head = torch.nn.Linear(10, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(self.drop(out[:, -1]))


def epoch(model, opt, x, y, vx, vy, rng):
    model.train()
    perm = rng.permutation(len(x))
    for b in range(0, len(x), 32):
        idx = perm[b : b + 32]
        opt.zero_grad()
        loss = ((model(x[idx]) - y[idx]) ** 2).mean()
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        val = ((model(vx) - vy) ** 2).mean().item()
    return loss.item(), val


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    repeat = parser.parse_args().repeat
    rows = list(csv.DictReader(open(os.path.join(os.environ["LENS_DATA"], "prices", "sp500.csv"))))[-2677:]
    v = np.array([float(r["Open"]) for r in rows])[1000:]
    s = (v - v.min()) / (v.max() - v.min())
    X = torch.tensor(np.stack([s[i : i + 50] for i in range(950)])[:, :, None], dtype=torch.float32)
    Y = torch.tensor(s[50:1000, None], dtype=torch.float32)
    x, y, vx, vy = X[:760], Y[:760], X[760:], Y[760:]
    for r in range(repeat):
        for name, cell in [("simple_rnn_epoch", "rnn"), ("lstm_epoch", "lstm")]:
            torch.manual_seed(r)
            rng = np.random.default_rng(r)
            model = Model(cell)
            opt = torch.optim.Adam(model.parameters(), 1e-3, eps=1e-7)
            t = time.perf_counter()
            for _ in range(5):
                loss, _ = epoch(model, opt, x, y, vx, vy, rng)
            print(f"BENCH {name} {(time.perf_counter() - t) / 5:.6f}")
            print(f"info {name} loss after 5 epochs {loss:.2e}")


if __name__ == "__main__":
    main()
