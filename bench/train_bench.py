"""The training lab's speed: an MLP epoch on the digits with the learner's parts in the sandbox,
against the same epoch on the reference engine in-process and on PyTorch CPU.

The learner's parts are the course's vectorised solutions (affine, ReLU, softmax-CE, Adam),
loaded as a learner's files are: in one confined job for the whole run, its epochs streamed
back. Every row trains the same net (64-64-64-10, ReLU, Adam lr 1e-3, batches of 64 over 1,000
images, then the loss and accuracy on the training and validation sets) in the same run. PyTorch
runs in a child process (float64, 2 threads) so that its threads never meet numpy's.

Goal (issue 12): the sandboxed learner's epoch within 2x the reference engine's.

Usage: python bench/train_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bigpicture.grader.lab.parts import Parts
from bigpicture.grader.lab.session import LearnerFile, train_sandboxed
from bigpicture.grader.lab.train import Settings, dataset_for, train
from bigpicture.grader.manifest import load_manifest

REPO = Path(__file__).resolve().parents[1]
PARTS = ("exercise7", "exercise1", "exercise9", "exercise3")

TORCH = r"""
import json, sys, time
import numpy as np
import torch
torch.set_num_threads(2)
data = np.load(sys.argv[1])
x, y, vx, vy = (torch.from_numpy(data[k]) for k in ("x", "y", "vx", "vy"))
epochs = int(sys.argv[2])
torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64),
                          torch.nn.ReLU(), torch.nn.Linear(64, 10)).double()
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
times = []
for epoch in range(epochs):
    start = time.perf_counter()
    order = torch.randperm(len(y))
    for first in range(0, len(y), 64):
        batch = order[first:first + 64]
        opt.zero_grad()
        loss_fn(net(x[batch]), y[batch]).backward()
        opt.step()
    with torch.no_grad():
        for xs, ys in ((x, y), (vx, vy)):
            scores = net(xs)
            loss_fn(scores, ys).item(), (scores.argmax(1) == ys).double().mean().item()
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""


def _epochs(run) -> list[float]:
    seconds = [e.seconds for e in run.epochs]
    return [b - a for a, b in zip([0.0, *seconds], seconds, strict=False)][1:]  # skip the first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer epochs")
    args = parser.parse_args()
    epochs = 6 if args.quick else 16
    settings = Settings(epochs=epochs, train_size=1000)
    manifest = load_manifest()
    files = [
        LearnerFile(e, e.file, (REPO / "solutions" / e.file).read_bytes())
        for e in map(manifest.find, PARTS)
    ]
    steps = -(-settings.train_size // settings.batch_size)
    rows = []
    for _ in range(3 if args.quick else 5):  # interleaved, so that load hits every row alike
        reference = train(settings, Parts())
        start = time.perf_counter()
        mine = train_sandboxed(settings, files)
        whole = time.perf_counter() - start
        assert mine.failure is None and mine.yours, mine.failure
        rows.append((_epochs(reference), _epochs(mine), whole - mine.epochs[-1].seconds))
    dataset = dataset_for(settings)
    with tempfile.NamedTemporaryFile(suffix=".npz") as tmp:
        np.savez(
            tmp.name,
            x=dataset.train.x,
            y=dataset.train.y,
            vx=dataset.validation.x,
            vy=dataset.validation.y,
        )
        done = subprocess.run(
            [sys.executable, "-c", TORCH, tmp.name, str(epochs)], capture_output=True, text=True
        )
    torch_epochs = json.loads(done.stdout)[1:] if done.returncode == 0 else None
    reference_epoch = statistics.median(t for r in rows for t in r[0])
    mine_epoch = statistics.median(t for r in rows for t in r[1])
    start_up = statistics.median(r[2] for r in rows)
    print(f"MLP 64-64-64-10 on 1,000 digits, Adam, batches of 64 ({steps} steps an epoch)\n")
    print(f"{'':<44} {'epoch':>9} {'steps/s':>9} {'x reference':>12}")
    table = [("reference engine, in-process", reference_epoch)]
    table.append(("your parts (the solutions), sandboxed", mine_epoch))
    if torch_epochs:
        table.append(("PyTorch CPU float64, 2 threads", statistics.median(torch_epochs)))
    for label, seconds in table:
        ratio = seconds / reference_epoch
        print(f"{label:<44} {seconds * 1000:>7.1f}ms {steps / seconds:>9.0f} {ratio:>11.2f}x")
    print(f"\nsandbox start and data transfer, once per run: {start_up:.2f} s")
    print(f"parts that were yours: {', '.join(mine.yours)}")
    print("goal: your parts' epoch <= 2.0x the reference engine's")
    if not torch_epochs:
        print(f"(PyTorch not timed: {done.stderr.strip()[-200:]})")


if __name__ == "__main__":
    main()
