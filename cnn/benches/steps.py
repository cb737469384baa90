"""PyTorch 2.4 eager equivalents of steps.rs, on the CPU:

- baseline_steps: 20 Adam training steps of the lecture-3 CNN (Conv 32/64/128 3x3 + max-pooling,
  Dense 512, Dense 8; 6 651 464 parameters) on mini-batches of 64 images of 3x100x100, after 2
  untimed warm-up steps;
- augmented_steps: the same with the batched augmentation of task 3 (random flip, zoom 0.2,
  rotation 20 degrees, shifts 0.1; affine_grid + nearest grid_sample with border fill);
- vgg16_features: the VGG16 convolutional base with global max pooling on 64 images normalised
  with ImageNet's channel statistics, no gradients;
- pretrain_steps: 10 Adam steps of VGG16 with batch normalisation after every convolution and a
  25-class linear head on the global max, on mini-batches of 32 images of 3x64x64, after one
  untimed warm-up step.

Prints `BENCH <name> <seconds>` once per repetition. Run by `cargo xtask bench`."""

import argparse
import math
import random
import time

import torch
from torch import nn
import torch.nn.functional as F

BATCH, STEPS = 64, 20


def baseline():
    return nn.Sequential(
        nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(12800, 512), nn.ReLU(), nn.Linear(512, 8),
    )


def vgg16_base(batch_norm=False):
    layers, c = [], 3
    for v in [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0]:
        if v == 0:
            layers.append(nn.MaxPool2d(2))
        else:
            layers.append(nn.Conv2d(c, v, 3, padding=1))
            if batch_norm:
                layers.append(nn.BatchNorm2d(v))
            layers.append(nn.ReLU())
            c = v
    return nn.Sequential(*layers)


def augment(x, rng):
    n = x.shape[0]
    theta = []
    for _ in range(n):
        flip = -1.0 if rng.random() < 0.5 else 1.0
        z = rng.uniform(0.8, 1.2)
        a = math.radians(rng.uniform(-20.0, 20.0))
        tx, ty = 2 * rng.uniform(-0.1, 0.1), 2 * rng.uniform(-0.1, 0.1)
        c, s = math.cos(a), math.sin(a)
        theta.append([[z * c * flip, -z * s, tx], [z * s * flip, z * c, ty]])
    grid = F.affine_grid(torch.tensor(theta), list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="nearest", padding_mode="border", align_corners=False)


def steps(name, use_augment, repeat):
    for r in range(repeat):
        torch.manual_seed(r)
        rng = random.Random(r)
        model = baseline()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        x = torch.rand(BATCH, 3, 100, 100)
        y = torch.randint(8, (BATCH,))

        def step():
            xb = augment(x, rng) if use_augment else x
            loss = F.cross_entropy(model(xb), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            return loss.item()

        for _ in range(2):
            step()
        t = time.perf_counter()
        for _ in range(STEPS):
            loss = step()
        secs = time.perf_counter() - t
        print(f"info {name} last loss {loss:.4f}")
        print(f"BENCH {name} {secs:.6f}")


def features(repeat):
    for r in range(repeat):
        torch.manual_seed(r)
        base = vgg16_base()
        x = torch.rand(BATCH, 3, 100, 100)
        # The inputs normalised with ImageNet's channel statistics, as torchvision's weights expect
        # (our base does it in its forward pass).
        mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
        std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
        with torch.no_grad():
            base((x[:4] - mean) / std)
            t = time.perf_counter()
            f = base((x - mean) / std).amax(dim=(2, 3))
            secs = time.perf_counter() - t
        print(f"info vgg16_features {list(f.shape)}")
        print(f"BENCH vgg16_features {secs:.6f}")


def pretrain_steps(repeat):
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    for r in range(repeat):
        torch.manual_seed(r)
        net, head = vgg16_base(batch_norm=True), nn.Linear(512, 25)
        opt = torch.optim.Adam(list(net.parameters()) + list(head.parameters()), lr=5e-4)
        x = torch.rand(32, 3, 64, 64)
        y = torch.randint(25, (32,))

        def step():
            loss = F.cross_entropy(head(net((x - mean) / std).amax(dim=(2, 3))), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            return loss.item()

        step()
        t = time.perf_counter()
        for _ in range(10):
            loss = step()
        secs = time.perf_counter() - t
        print(f"info pretrain_steps last loss {loss:.4f}")
        print(f"BENCH pretrain_steps {secs:.6f}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--repeat", type=int, default=1)
    args = p.parse_args()
    print(f"info threads {torch.get_num_threads()}")
    features(args.repeat)
    steps("baseline_steps", False, args.repeat)
    steps("augmented_steps", True, args.repeat)
    pretrain_steps(args.repeat)


if __name__ == "__main__":
    main()
