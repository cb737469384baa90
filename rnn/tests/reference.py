"""PyTorch's recurrent layers on the notebook's windows, for comparison with `rnn simple-rnn` and
`rnn models`: nn.RNN(1, 10) or nn.LSTM(1, 10) → Dropout(0.2) → Linear(10, 1), Adam 1e-3 (eps 1e-7),
MSE, 20 epochs, batch 32, the first 760 of the 950 training windows, five seeds; prints each seed's
final training loss and test RMSE in index points beside the naive forecast's.

    python rnn/tests/reference.py PRICES.csv [rnn|lstm]

PRICES.csv: the S&P 500 file of `cargo xtask setup rnn` (<data folder>/prices/sp500.csv). Run with
the setup's PyTorch 2.4.0 (<cache>/torch-2.4.0/venv/bin/python)."""

import csv
import sys

import numpy as np
import torch


def main(path, cell):
    rows = list(csv.DictReader(open(path)))[-2677:]
    v = np.array([float(r["Open"]) for r in rows])[1000:]
    lo, hi = v.min(), v.max()
    s = (v - lo) / (hi - lo)
    x = torch.tensor(np.stack([s[i : i + 50] for i in range(760)])[:, :, None], dtype=torch.float32)
    y = torch.tensor(s[50:810, None], dtype=torch.float32)
    xt = np.stack([s[i : i + 50] for i in range(1000, 1500)])
    yt = s[1050:1550]
    naive = np.sqrt(np.mean(((xt[:, -1] - yt) * (hi - lo)) ** 2))
    for seed in range(5):
        torch.manual_seed(seed)
        rng = np.random.default_rng(seed)
        layer = torch.nn.RNN(1, 10, batch_first=True) if cell == "rnn" else torch.nn.LSTM(1, 10, batch_first=True)
        drop, head = torch.nn.Dropout(0.2), torch.nn.Linear(10, 1)
        params = list(layer.parameters()) + list(head.parameters())
        opt = torch.optim.Adam(params, 1e-3, eps=1e-7)

        def forward(inp):
            out, _ = layer(inp)
            return head(drop(out[:, -1]))

        for _ in range(20):
            drop.train()
            perm = rng.permutation(760)
            for b in range(0, 760, 32):
                idx = perm[b : b + 32]
                opt.zero_grad()
                loss = ((forward(x[idx]) - y[idx]) ** 2).mean()
                loss.backward()
                opt.step()
        drop.eval()
        with torch.no_grad():
            p = forward(torch.tensor(xt[:, :, None], dtype=torch.float32)).numpy()[:, 0]
        rmse = np.sqrt(np.mean(((p - yt) * (hi - lo)) ** 2))
        print(f"{cell} seed {seed}: final loss {loss.item():.2e}, test RMSE {rmse:.1f} (naive {naive:.2f})")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "rnn")
