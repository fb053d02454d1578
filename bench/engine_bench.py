"""Benchmark of the reference engine against PyTorch CPU and plain Python loops.

Prints one table: median wall-clock time of forward + backward per case, and the ratios
to PyTorch (float64, 2 threads, autograd backward) and to a naive Python-loop version,
all timed in the same run. "engine" is the path the engine chooses by size (numpy for
grading's sizes, numba kernels for large problems); "numba" forces the numba kernels ("-" for
softmax cross-entropy, which has none). Then cold (empty numba cache) and warm start-up times
of the numba kernels.

PyTorch is timed in a child process that never touches the engine, and the engine in a
process that never imports torch: on 2 cores, torch's OpenMP threads and numpy's OpenBLAS
threads spin while waiting for work and slowed each other down up to 3x in one process.

Usage: python bench/engine_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

import numpy as np

from bigpicture.grader import engine

THREADS = 2


def median_time(fn: Callable[[], object], repeats: int, min_seconds: float = 0.05) -> float:
    """Median over ``repeats`` runs of the mean time of one call, in seconds."""
    fn()
    start = time.perf_counter()
    fn()
    once = time.perf_counter() - start
    calls = max(1, int(min_seconds / max(once, 1e-9)))
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        runs.append((time.perf_counter() - start) / calls)
    return statistics.median(runs)


def naive_conv(x, w, b, dout, stride, pad):
    """Forward and backward with plain Python loops over every index."""
    n_img, channels, height, width = x.shape
    n_filters, _, hh, ww = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))).tolist()
    wl, dl = w.tolist(), dout.tolist()
    h_out = 1 + (height + 2 * pad - hh) // stride
    w_out = 1 + (width + 2 * pad - ww) // stride
    out = [[[[b[f]] * w_out for _ in range(h_out)] for f in range(n_filters)] for _ in x]
    dxp = [[[[0.0] * (width + 2 * pad) for _ in range(height + 2 * pad)] for _ in w[0]] for _ in x]
    dw = [[[[0.0] * ww for _ in range(hh)] for _ in range(channels)] for _ in w]
    for n in range(n_img):
        for f in range(n_filters):
            for i in range(h_out):
                for j in range(w_out):
                    g = dl[n][f][i][j]
                    for c in range(channels):
                        for kh in range(hh):
                            for kw in range(ww):
                                r, s = i * stride + kh, j * stride + kw
                                out[n][f][i][j] += xp[n][c][r][s] * wl[f][c][kh][kw]
                                dxp[n][c][r][s] += g * wl[f][c][kh][kw]
                                dw[f][c][kh][kw] += g * xp[n][c][r][s]
    return out, dxp, dw


def naive_rnn(x, h0, wx, wh, b, dh):
    """Forward and backward with plain Python loops over every index."""
    n_seq, n_steps, dim = x.shape
    hidden = wx.shape[1]
    xl, whl, wxl = x.tolist(), wh.tolist(), wx.tolist()
    hs = [[list(h0[n])] for n in range(n_seq)]
    for n in range(n_seq):
        for t in range(n_steps):
            prev = hs[n][-1]
            hs[n].append(
                [
                    np.tanh(
                        b[j]
                        + sum(xl[n][t][d] * wxl[d][j] for d in range(dim))
                        + sum(prev[k] * whl[k][j] for k in range(hidden))
                    )
                    for j in range(hidden)
                ]
            )
    dwx = [[0.0] * hidden for _ in range(dim)]
    dwh = [[0.0] * hidden for _ in range(hidden)]
    for n in range(n_seq):
        carry = [0.0] * hidden
        for t in range(n_steps - 1, -1, -1):
            hn, prev = hs[n][t + 1], hs[n][t]
            da = [(dh[n, t, j] + carry[j]) * (1 - hn[j] * hn[j]) for j in range(hidden)]
            for j in range(hidden):
                for d in range(dim):
                    dwx[d][j] += xl[n][t][d] * da[j]
                for k in range(hidden):
                    dwh[k][j] += prev[k] * da[j]
            carry = [sum(da[j] * whl[k][j] for j in range(hidden)) for k in range(hidden)]
    return hs, dwx, dwh


def naive_max_pool(x, dout, size, stride):
    """Forward and backward with plain Python loops over every index."""
    n_img, channels, height, width = x.shape
    xl, dl = x.tolist(), dout.tolist()
    h_out, w_out = (height - size) // stride + 1, (width - size) // stride + 1
    out = [[[[0.0] * w_out for _ in range(h_out)] for _ in range(channels)] for _ in x]
    dx = [[[[0.0] * width for _ in range(height)] for _ in range(channels)] for _ in x]
    for n in range(n_img):
        for c in range(channels):
            for i in range(h_out):
                for j in range(w_out):
                    best, at = -math.inf, (0, 0)
                    for r in range(i * stride, i * stride + size):
                        for s in range(j * stride, j * stride + size):
                            if xl[n][c][r][s] > best:
                                best, at = xl[n][c][r][s], (r, s)
                    out[n][c][i][j] = best
                    dx[n][c][at[0]][at[1]] += dl[n][c][i][j]
    return out, dx


def naive_lstm(x, h0, wx, wh, b, dh):
    """Forward and backward with plain Python loops over every index (gates i, f, g, o)."""
    n_seq, n_steps, dim = x.shape
    hidden = h0.shape[1]
    xl, wxl, whl, bl, dhl = x.tolist(), wx.tolist(), wh.tolist(), b.tolist(), dh.tolist()

    def sigmoid(v):
        return 1.0 / (1.0 + math.exp(-v))

    dwx = [[0.0] * (4 * hidden) for _ in range(dim)]
    dwh = [[0.0] * (4 * hidden) for _ in range(hidden)]
    for n in range(n_seq):
        hs, cs, gates = [h0[n].tolist()], [[0.0] * hidden], []
        for t in range(n_steps):
            a = [
                bl[j]
                + sum(xl[n][t][d] * wxl[d][j] for d in range(dim))
                + sum(hs[-1][k] * whl[k][j] for k in range(hidden))
                for j in range(4 * hidden)
            ]
            g = [
                math.tanh(v) if 2 * hidden <= j < 3 * hidden else sigmoid(v)
                for j, v in enumerate(a)
            ]
            c = [g[hidden + j] * cs[-1][j] + g[j] * g[2 * hidden + j] for j in range(hidden)]
            hs.append([g[3 * hidden + j] * math.tanh(c[j]) for j in range(hidden)])
            cs.append(c)
            gates.append(g)
        dh_next, dc_next = [0.0] * hidden, [0.0] * hidden
        for t in range(n_steps - 1, -1, -1):
            g, c, c_prev, h_prev = gates[t], cs[t + 1], cs[t], hs[t]
            da = [0.0] * (4 * hidden)
            for j in range(hidden):
                i, f, gg, o = g[j], g[hidden + j], g[2 * hidden + j], g[3 * hidden + j]
                tanh_c = math.tanh(c[j])
                dh_t = dhl[n][t][j] + dh_next[j]
                dc = dc_next[j] + dh_t * o * (1 - tanh_c * tanh_c)
                da[j] = dc * gg * i * (1 - i)
                da[hidden + j] = dc * c_prev[j] * f * (1 - f)
                da[2 * hidden + j] = dc * i * (1 - gg * gg)
                da[3 * hidden + j] = dh_t * tanh_c * o * (1 - o)
                dc_next[j] = dc * f
            for j in range(4 * hidden):
                for d in range(dim):
                    dwx[d][j] += xl[n][t][d] * da[j]
                for k in range(hidden):
                    dwh[k][j] += h_prev[k] * da[j]
            dh_next = [sum(da[j] * whl[k][j] for j in range(4 * hidden)) for k in range(hidden)]
    return hs, dwx, dwh


def naive_softmax_ce(logits, y):
    """Loss and gradient with plain Python loops over every logit."""
    rows = logits.tolist()
    n = len(rows)
    loss, dlogits = 0.0, []
    for row, label in zip(rows, y.tolist(), strict=True):
        top = max(row)
        exps = [math.exp(v - top) for v in row]
        total = sum(exps)
        loss += (math.log(total) - (row[label] - top)) / n
        grad = [e / total / n for e in exps]
        grad[label] -= 1.0 / n
        dlogits.append(grad)
    return loss, dlogits


def conv_data(n, c, size, f, k, stride, pad):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, c, size, size))
    w = rng.standard_normal((f, c, k, k))
    b = rng.standard_normal(f)
    out_side = 1 + (size + 2 * pad - k) // stride
    dout = rng.standard_normal((n, f, out_side, out_side))
    return x, w, b, dout, stride, pad


def rnn_data(n, t, d, h):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, t, d))
    h0 = rng.standard_normal((n, h))
    wx = rng.standard_normal((d, h)) / np.sqrt(d)
    wh = rng.standard_normal((h, h)) / np.sqrt(h)
    b = rng.standard_normal(h)
    dh = rng.standard_normal((n, t, h))
    return x, h0, wx, wh, b, dh


def pool_data(n, c, size, k, stride):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, c, size, size))
    out_side = (size - k) // stride + 1
    dout = rng.standard_normal((n, c, out_side, out_side))
    return x, dout, k, stride


def lstm_data(n, t, d, h):
    x, h0, wx, wh, b, dh = rnn_data(n, t, d, 4 * h)
    # Contiguous, as real arrays are: a sliced view would cost the engine a copy per call.
    h0, wh, dh = (np.ascontiguousarray(a) for a in (h0[:, :h], wh[:h], dh[:, :, :h]))
    return x, h0, wx, wh, b, dh


def softmax_ce_data(n, k):
    rng = np.random.default_rng(0)
    return 3 * rng.standard_normal((n, k)), rng.integers(0, k, n)


def engine_and_naive(kind, dims, repeats, naive_n):
    """Engine callable and the naive time (scaled to the full batch) for one case."""
    if kind == "conv":
        x, w, b, dout, stride, pad = conv_data(*dims)

        def ours():
            engine.conv_forward(x, w, b, stride, pad)
            engine.conv_backward(dout, x, w, b, stride, pad)

        def naive():
            naive_conv(x[:naive_n], w, b, dout[:naive_n], stride, pad)

    elif kind in ("rnn", "lstm"):
        x, h0, wx, wh, b, dh = (rnn_data if kind == "rnn" else lstm_data)(*dims)
        forward, backward = getattr(engine, f"{kind}_forward"), getattr(engine, f"{kind}_backward")
        loops = naive_rnn if kind == "rnn" else naive_lstm

        def ours():
            forward(x, h0, wx, wh, b)
            backward(dh, x, h0, wx, wh, b)

        def naive():
            loops(x[:naive_n], h0[:naive_n], wx, wh, b, dh[:naive_n])

    elif kind == "pool":
        x, dout, size, stride = pool_data(*dims)

        def ours():
            engine.max_pool_forward(x, size, stride)
            engine.max_pool_backward(dout, x, size, stride)

        def naive():
            naive_max_pool(x[:naive_n], dout[:naive_n], size, stride)

    else:
        x, y = softmax_ce_data(*dims)

        def ours():
            engine.softmax_cross_entropy(x, y)

        def naive():
            naive_softmax_ce(x[:naive_n], y[:naive_n])

    n = x.shape[0]
    naive_time = median_time(naive, 1 if naive_n < n else repeats, 0.0) * n / naive_n
    return ours, naive_time


def torch_callable(kind, dims):
    """PyTorch forward + autograd backward for one case (float64, CPU)."""
    import torch

    torch.set_num_threads(THREADS)
    if kind == "conv":
        x, w, b, dout, stride, pad = conv_data(*dims)
        tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
        tdout = torch.tensor(dout)

        def theirs():
            tx.grad = tw.grad = tb.grad = None
            torch.nn.functional.conv2d(tx, tw, tb, stride=stride, padding=pad).backward(tdout)

        return theirs
    if kind == "pool":
        x, dout, size, stride = pool_data(*dims)
        tx, tdout = torch.tensor(x, requires_grad=True), torch.tensor(dout)

        def theirs():
            tx.grad = None
            torch.nn.functional.max_pool2d(tx, size, stride).backward(tdout)

        return theirs
    if kind == "softmax-ce":
        logits, y = softmax_ce_data(*dims)
        tlogits, ty = torch.tensor(logits, requires_grad=True), torch.tensor(y)

        def theirs():
            tlogits.grad = None
            torch.nn.functional.cross_entropy(tlogits, ty).backward()

        return theirs
    x, h0, wx, wh, b, dh = (rnn_data if kind == "rnn" else lstm_data)(*dims)
    layer = torch.nn.RNN if kind == "rnn" else torch.nn.LSTM
    net = layer(wx.shape[0], h0.shape[1], batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        net.weight_ih_l0.copy_(torch.tensor(wx.T))
        net.weight_hh_l0.copy_(torch.tensor(wh.T))
        net.bias_ih_l0.copy_(torch.tensor(b))
        net.bias_hh_l0.zero_()
    tx = torch.tensor(x, requires_grad=True)
    th0 = torch.tensor(h0[None], requires_grad=True)
    state = th0 if kind == "rnn" else (th0, torch.zeros_like(th0))  # the LSTM's cell starts at 0
    tdh = torch.tensor(dh)

    def theirs():
        net.zero_grad()
        tx.grad = th0.grad = None
        net(tx, state)[0].backward(tdh)

    return theirs


def cases(quick):
    """(label, kind, dims, images the naive version runs, note) for every case."""
    found = [
        ("conv N2 C3 8x8 F4 3x3 s1 p1", "conv", (2, 3, 8, 4, 3, 1, 1), 2, ""),
        ("conv N2 C3 8x8 F4 3x3 s2 p1", "conv", (2, 3, 8, 4, 3, 2, 1), 2, ""),
        ("rnn N2 T5 D4 H6", "rnn", (2, 5, 4, 6), 2, ""),
        ("max pool N2 C3 8x8 2x2 s2", "pool", (2, 3, 8, 2, 2), 2, ""),
        ("lstm N2 T4 D4 H3", "lstm", (2, 4, 4, 3), 2, ""),
        ("softmax-CE N4 K5", "softmax-ce", (4, 5), 4, ""),
    ]
    if not quick:
        found += [
            ("conv N16 C16 32x32 F32 3x3 s1 p1", "conv", (16, 16, 32, 32, 3, 1, 1), 1, SCALED),
            ("rnn N16 T32 D32 H64", "rnn", (16, 32, 32, 64), 1, SCALED),
            ("max pool N16 C32 32x32 2x2 s2", "pool", (16, 32, 32, 2, 2), 1, SCALED),
            ("lstm N16 T32 D32 H64", "lstm", (16, 32, 32, 64), 1, SCALED),
            ("softmax-CE N1024 K1000", "softmax-ce", (1024, 1000), 64, "naive: N=64, x16"),
        ]
    return found


SCALED = "naive: once at N=1, x16"

# Kinds with numba kernels: the others show no "numba" time.
COMPILED = {"conv", "rnn", "pool", "lstm"}


def numba_time(fn: Callable[[], object], repeats: int) -> float:
    """:func:`median_time` of ``fn`` with every function forced onto its numba kernels."""
    with engine.forced_path("numba"):
        return median_time(fn, repeats)


def startup_time(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    return time.perf_counter() - start


def torch_times(quick: bool, repeats: int) -> list[float]:
    """Time every case's PyTorch version in a child process (see the module docstring)."""
    argv = [sys.executable, __file__, "--torch-worker"] + (["--quick"] if quick else [])
    done = subprocess.run(argv, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repeats, small cases only")
    parser.add_argument("--torch-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    repeats = 3 if args.quick else 9
    if args.torch_worker:
        times = [
            median_time(torch_callable(kind, dims), repeats)
            for _, kind, dims, _, _ in cases(args.quick)
        ]
        print(json.dumps(times))
        return

    t_torch_all = torch_times(args.quick, repeats)
    engine.warm_up()
    header = f"{'case (fwd+bwd)':34} {'engine':>10} {'numba':>10} {'torch':>10} {'naive':>10} "
    header += f"{'eng/torch':>9} {'naive/eng':>9}  note"
    print(header)
    print("-" * len(header))
    for (name, kind, dims, naive_n, note), t_torch in zip(
        cases(args.quick), t_torch_all, strict=True
    ):
        ours, naive_time = engine_and_naive(kind, dims, repeats, naive_n)
        t_ours = median_time(ours, repeats)
        numba = f"{numba_time(ours, repeats) * 1e3:8.3f}ms" if kind in COMPILED else "-"
        print(
            f"{name:34} {t_ours * 1e3:8.3f}ms {numba:>10} {t_torch * 1e3:8.3f}ms "
            f"{naive_time * 1e3:8.3g}ms "
            f"{t_ours / t_torch:9.2f} {naive_time / t_ours:9.3g}  {note}"
        )

    print()
    warm_code = "from bigpicture.grader import engine; engine.warm_up()"
    with tempfile.TemporaryDirectory() as cache_dir:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
        baseline = statistics.median(
            startup_time("import numpy, numba", env) for _ in range(repeats // 3 + 1)
        )
        cold = startup_time(warm_code, env)
        warm = statistics.median(startup_time(warm_code, env) for _ in range(repeats // 3 + 1))
    print(f"{'python -c':34} {'seconds':>10} {'vs import numpy, numba':>24}")
    print(f"{'import numpy, numba':34} {baseline:10.2f} {1.0:24.2f}")
    print(f"{'engine.warm_up(), cold cache':34} {cold:10.2f} {cold / baseline:24.2f}")
    print(f"{'engine.warm_up(), warm cache':34} {warm:10.2f} {warm / baseline:24.2f}")


if __name__ == "__main__":
    main()
