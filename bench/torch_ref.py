"""PyTorch reference for the standard workload (bench machine only, never a dependency).

Usage: /usr/bin/python3 bench/torch_ref.py <rnn|lstm|gru> <seconds> <spawn_epoch_ms> [threads]
Prints one JSON line in the shape of bench/measure.ts. One thread unless told otherwise.
Note: torch's GRU is the reset_after form (r applied after the recurrent matmul); same FLOPs.
"""
import json
import math
import resource
import sys
import time

import torch

cell, seconds, spawned = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 1
torch.set_num_threads(threads)
torch.manual_seed(1)
B, T, F, U, LR = 64, 50, 1, 64, 1e-3
G = {"rnn": 1, "lstm": 4, "gru": 3}[cell]

# noisy sine windows (same formula as bench/workload.ts; a different random stream)
g = torch.Generator().manual_seed(1)
n = 4000
series = torch.sin(0.07 * torch.arange(n, dtype=torch.float32)) + 0.1 * torch.randn(n, generator=g)
batches = []
for _ in range(8):
    starts = torch.randint(0, n - T - 1, (B,), generator=g)
    x = torch.stack([series[s:s + T] for s in starts.tolist()]).unsqueeze(-1)
    y = torch.stack([series[s + T] for s in starts.tolist()]).unsqueeze(-1)
    batches.append((x.contiguous(), y.contiguous()))


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        kind = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
        self.rec = kind(F, U, batch_first=True)
        self.head = torch.nn.Linear(U, 1)

    def forward(self, x):
        out, _ = self.rec(x)
        return self.head(out[:, -1, :])


net = Net()
opt = torch.optim.Adam(net.parameters(), lr=LR)
loss_fn = torch.nn.MSELoss()


def train(k):
    x, y = batches[k % len(batches)]
    opt.zero_grad()
    loss = loss_fn(net(x), y)
    loss.backward()
    opt.step()
    return loss.item()


def infer(k):
    with torch.no_grad():
        net(batches[k % len(batches)][0])


def loop(fn, min_steps=5):
    c0, t0, steps, last = time.process_time(), time.perf_counter(), 0, None
    while steps < min_steps or time.perf_counter() - t0 < seconds:
        last = fn(steps)
        steps += 1
    return steps, time.perf_counter() - t0, time.process_time() - c0, last


first = train(0)
first_at = int(time.time() * 1000)
for i in range(1, 3):
    train(i)
steps, wall, cpu, last = loop(train)
isteps, iwall, _, _ = loop(infer)
fwd = 2 * B * T * (F + U) * G * U
print(json.dumps({
    "impl": "torch", "cell": cell, "variant": f"torch {torch.__version__}, {threads} thread(s)", "gates": G,
    "trainSamplesPerSec": steps * B / wall, "trainSamplesPerCpuSec": steps * B / cpu,
    "trainGflops": steps * 3 * fwd / wall / 1e9,
    "inferSamplesPerSec": isteps * B / iwall, "inferGflops": isteps * fwd / iwall / 1e9,
    "coldStartMs": first_at - spawned,
    "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "trainSteps": steps, "firstLoss": first, "lastLoss": last,
}))
