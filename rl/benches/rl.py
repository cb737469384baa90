"""Python equivalents of rl.rs (see there): tabular CEM on gymnasium's CliffWalking (v1, not slippery: v0's rules) with numpy,
and 200 DQN updates of the notebook's network in PyTorch 2.4 eager. Prints `BENCH <name> <seconds>`
once per repetition. Run by `cargo xtask bench`, which installs gymnasium into its environment."""

import argparse
import time

import gymnasium as gym
import numpy as np
import torch
from torch import nn


def cem_cliff(seed):
    # CliffWalking-v1 is v0 with an optional slippery mode (off); unwrapped = no time limit, as the
    # notebook's .env.
    env = gym.make("CliffWalking-v1").unwrapped
    rng = np.random.default_rng(seed)
    n_states, n_actions = 48, 4
    policy = np.full((n_states, n_actions), 1.0 / n_actions)
    for _ in range(3):
        sessions = []
        for _ in range(250):
            s, _ = env.reset(seed=int(rng.integers(1 << 31)))
            states, actions, total = [], [], 0.0
            for _ in range(10_000):
                a = rng.choice(n_actions, p=policy[s])
                s2, r, done, _, _ = env.step(a)
                states.append(s)
                actions.append(a)
                total += r
                s = s2
                if done:
                    break
            sessions.append((states, actions, total))
        rewards = np.array([t for _, _, t in sessions])
        threshold = np.percentile(rewards, 50)
        counts = np.zeros((n_states, n_actions))
        for states, actions, total in sessions:
            if total >= threshold:
                np.add.at(counts, (states, actions), 1)
        sums = counts.sum(1, keepdims=True)
        new = np.where(sums > 0, counts / np.maximum(sums, 1), 1.0 / n_actions)
        policy = 0.5 * new + 0.5 * policy
    print(f"info cem last mean {rewards.mean():.1f}")


def qnet():
    return nn.Sequential(
        nn.Conv2d(4, 16, 3, 2), nn.ReLU(), nn.Conv2d(16, 32, 3, 2), nn.ReLU(), nn.Conv2d(32, 64, 3, 2), nn.ReLU(),
        nn.Flatten(), nn.Linear(3136, 256), nn.ReLU(), nn.Linear(256, 9),
    )


def dqn_updates(seed):
    torch.manual_seed(seed)
    net, target = qnet(), qnet()
    target.load_state_dict(net.state_dict())
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    states, nxt = torch.rand(64, 4, 64, 64), torch.rand(64, 4, 64, 64)
    actions, rewards = torch.randint(9, (64,)), torch.rand(64)
    t = time.perf_counter()
    for _ in range(200):
        q = net(states).gather(1, actions.unsqueeze(1)).squeeze(1)
        with torch.no_grad():
            y = rewards + 0.99 * target(nxt).max(1).values
        loss = nn.functional.mse_loss(q, y)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 50)
        opt.step()
    return time.perf_counter() - t


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--repeat", type=int, default=1)
    args = p.parse_args()
    print(f"info threads {torch.get_num_threads()}")
    for r in range(args.repeat):
        t = time.perf_counter()
        cem_cliff(r)
        print(f"BENCH cem_cliff_3_iterations {time.perf_counter() - t:.6f}")
    for r in range(args.repeat):
        print(f"BENCH dqn_200_updates {dqn_updates(r):.6f}")


if __name__ == "__main__":
    main()
