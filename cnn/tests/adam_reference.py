"""Golden values for cnn's hand-written Adam (tests/adam.rs): torch.optim.Adam (PyTorch 2.4.0,
default betas 0.9/0.999, eps 1e-8, no weight decay) on a small loss whose gradient changes
every step, with the learning rate changed between steps as the pre-training warm-up does.
Run: python adam_reference.py  (prints the parameter after each step, float64)."""
import torch

torch.set_default_dtype(torch.float64)
w = torch.tensor([0.5, -1.0, 2.0, 0.0], requires_grad=True)
b = torch.tensor([0.25], requires_grad=True)
target = torch.tensor([1.0, 2.0, -3.0, 0.5])
opt = torch.optim.Adam([w, b], lr=0.1)
for step, lr in enumerate([0.1, 0.05, 0.2, 0.1, 0.01, 0.1], start=1):
    for g in opt.param_groups:
        g["lr"] = lr
    opt.zero_grad()
    loss = ((w - target) ** 2 * torch.arange(1.0, 5.0)).sum() + (w.sum() * b).sin().sum() + b.pow(4).sum()
    loss.backward()
    opt.step()
    print(step, lr, [round(v, 12) for v in w.tolist()], [round(v, 12) for v in b.tolist()])
