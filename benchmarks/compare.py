#!/usr/bin/python3
"""Runs the same workloads in PyTorch (float64) and in matrix-backprop, side by side in one go, and
writes benchmarks/results/latest.{md,json,png}: samples/s, ratio, and GFLOP/s using
6 m sum(n_l n_{l-1}) flops per training step (2 m sum(...) per forward pass).

Needs Debian's python3-torch and python3-matplotlib, and the benchmark jar:
    ./mvnw -B -q install -DskipTests && ./mvnw -B -q -f benchmarks/pom.xml package
    /usr/bin/python3 benchmarks/compare.py            # about 10 minutes
Medians throughout; the machine is shared, so compare ratios from one run.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.join(HERE, "target", "benchmarks.jar")
OUT = os.path.join(HERE, "results")

MAIN = "784-256-256-10"
STEPS = [  # (id, widths, hidden, batch, threads)
    ("step 1 thread", MAIN, "relu", 128, 1),
    ("step 2 threads", MAIN, "relu", 128, 2),
    ("tiny 4-16-3", "4-16-3", "tanh", 16, 1),
    ("batch 1", MAIN, "relu", 1, 1),
    ("batch 16", MAIN, "relu", 16, 1),
    ("batch 1024", MAIN, "relu", 1024, 1),
    ("width 64", "784-64-64-10", "relu", 128, 1),
    ("width 1024", "784-1024-1024-10", "relu", 128, 1),
]
FORWARD = [("forward", MAIN, "relu", 128, 1)]
PRODUCTS = ["nn:256:256:256", "nn:512:512:512", "nn:256:784:128", "tn:256:256:128", "nt:256:128:784"]


def layer_flops(widths):
    w = [int(v) for v in widths.split("-")]
    return sum(w[i] * w[i + 1] for i in range(len(w) - 1))


# ---------------------------------------------------------------- PyTorch side (run in a child)
TORCH_CHILD = r'''
import json, sys, time, statistics, torch
torch.set_default_dtype(torch.float64)
torch.set_num_threads(int(sys.argv[1]))
work = json.loads(sys.argv[2])
out = {}
def net(widths, hidden):
    w = [int(v) for v in widths.split("-")]
    layers = []
    for i in range(len(w) - 1):
        layers.append(torch.nn.Linear(w[i], w[i + 1]))
        if i < len(w) - 2:
            layers.append(torch.nn.ReLU() if hidden == "relu" else torch.nn.Tanh())
    return torch.nn.Sequential(*layers)
def timed(fn, seconds=1.0, reps=7):
    for _ in range(20): fn()
    n = 1
    while True:
        t = time.perf_counter(); [fn() for _ in range(n)]; d = time.perf_counter() - t
        if d > 0.2: break
        n *= 2
    n = max(1, int(n * seconds / d))
    per = []
    for _ in range(reps):
        t = time.perf_counter(); [fn() for _ in range(n)]; per.append((time.perf_counter() - t) / n)
    return statistics.median(per)
torch.manual_seed(0)
for key, kind, widths, hidden, batch in work:
    if kind != "product":
        model = net(widths, hidden)
        x = torch.rand(batch, int(widths.split("-")[0]))
        y = torch.randint(0, int(widths.split("-")[-1]), (batch,))
    if kind == "step":
        opt = torch.optim.SGD(model.parameters(), lr=1e-3)
        lossf = torch.nn.CrossEntropyLoss()
        def step():
            opt.zero_grad(); loss = lossf(model(x), y); loss.backward(); opt.step()
        out[key] = timed(step)
    elif kind == "forward":
        def fwd():
            with torch.no_grad(): return torch.softmax(model(x), dim=1)
        out[key] = timed(fwd)
    else:
        import numpy as np
        op, m, k, n = key.split(":")[0], *[int(v) for v in key.split(":")[1:]]
        rng = np.random.default_rng(3)
        a = rng.random((k, m)) if op == "tn" else rng.random((m, k))
        b = rng.random((n, k)) if op == "nt" else rng.random((k, n))
        c = np.empty((m, n))
        f = {"nn": lambda: np.matmul(a, b, out=c), "tn": lambda: np.matmul(a.T, b, out=c),
             "nt": lambda: np.matmul(a, b.T, out=c)}[op]
        out[key] = timed(f)
print(json.dumps(out))
'''


def torch_times(threads, passive, work):
    env = dict(os.environ)
    env["OMP_NUM_THREADS"] = str(threads)
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    if passive:
        env["OMP_WAIT_POLICY"] = "PASSIVE"
    else:
        env.pop("OMP_WAIT_POLICY", None)
    r = subprocess.run(["/usr/bin/python3", "-c", TORCH_CHILD, str(threads), json.dumps(work)],
                       env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("the PyTorch run failed:\n" + r.stderr)
    return json.loads(r.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- Java side (JMH)
def jmh(benchmark, params, extra=()):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        path = f.name
    cmd = ["java", "-jar", JAR, benchmark + r"\.", "-wi", "4", "-w", "1", "-i", "7", "-r", "1", "-f", "1",
           "-rf", "json", "-rff", path, *extra]
    for k, v in params.items():
        cmd += ["-p", k + "=" + v]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    with open(path) as f:
        data = json.load(f)
    os.unlink(path)
    res = []
    for d in data:
        p = d.get("params", {})
        median_us = d["primaryMetric"]["scorePercentiles"]["50.0"]
        alloc = None
        for name, s in d.get("secondaryMetrics", {}).items():
            if name.endswith("gc.alloc.rate.norm"):
                alloc = s["score"]
        res.append((p, median_us * 1e-6, alloc))
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer workloads (skips scaling)")
    ap.add_argument("--plot-only", action="store_true", help="redraw latest.png from latest.json")
    args = ap.parse_args()
    if args.plot_only:
        with open(os.path.join(OUT, "latest.json")) as f:
            plot(json.load(f)["table"])
        return
    if not os.path.exists(JAR):
        sys.exit("build the benchmark jar first (see the docstring)")
    steps = STEPS[:3] if args.quick else STEPS
    started = time.strftime("%Y-%m-%d %H:%M:%S")

    rows = {}
    # PyTorch: one child per thread setting
    torch_work = {}
    for key, widths, hidden, batch, threads in steps:
        torch_work.setdefault(threads, []).append([key, "step", widths, hidden, batch])
    for key, widths, hidden, batch, threads in FORWARD:
        torch_work.setdefault(threads, []).append([key, "forward", widths, hidden, batch])
    for p in PRODUCTS:
        torch_work.setdefault(1, []).append([p, "product", "", "", 0])
    torch_res = {}
    for threads, work in torch_work.items():
        torch_res.update(torch_times(threads, passive=False, work=work))
        if threads > 1:
            passive = torch_times(threads, passive=True, work=work)
            for k, v in passive.items():
                torch_res[k + " (passive)"] = v

    # ours
    ours = {}
    for key, widths, hidden, batch, threads in steps:
        (_, sec, alloc), = jmh("TrainingStepBenchmark", {"widths": widths, "hidden": hidden, "batch": str(batch),
                                                         "threads": str(threads), "kernel": "vector"},
                               extra=["-prof", "gc"] if key == "step 1 thread" else [])
        ours[key] = (sec, alloc)
    for key, widths, hidden, batch, threads in FORWARD:
        (_, sec, _), = jmh("ForwardBenchmark", {"widths": widths, "batch": str(batch), "threads": str(threads)})
        ours[key] = (sec, None)
    for p, sec, _ in jmh("KernelBenchmark", {"shape": ",".join(PRODUCTS), "kernel": "vector,scalar,ejml"}):
        ours[p["shape"] + " " + p["kernel"]] = (sec, None)

    lines = ["| workload | PyTorch samples/s | matrix-backprop samples/s | ratio | our GFLOP/s |", "|---|---:|---:|---:|---:|"]
    table = []
    for key, widths, hidden, batch, threads in steps + FORWARD:
        fl = (2 if key == "forward" else 6) * batch * layer_flops(widths)
        t_ours = ours[key][0]
        t_torch = torch_res[key]
        best = t_torch
        note = ""
        if (key + " (passive)") in torch_res:
            best = min(t_torch, torch_res[key + " (passive)"])
            note = " (PyTorch best of default %.0f and PASSIVE %.0f)" % (batch / t_torch, batch / torch_res[key + " (passive)"])
        row = {"workload": key, "widths": widths, "batch": batch, "threads": threads,
               "torch_samples_per_s": batch / best, "ours_samples_per_s": batch / t_ours,
               "ratio": best / t_ours, "ours_gflops": fl / t_ours / 1e9, "torch_gflops": fl / best / 1e9}
        table.append(row)
        lines.append("| %s, %s, batch %d, %d thread%s%s | %.0f | %.0f | %.2f | %.1f |" % (
            key, widths, batch, threads, "" if threads == 1 else "s", note, row["torch_samples_per_s"],
            row["ours_samples_per_s"], row["ratio"], row["ours_gflops"]))
    lines += ["", "| product (1 thread) | numpy/OpenBLAS GFLOP/s | vector GFLOP/s | scalar GFLOP/s | EJML GFLOP/s | vector / OpenBLAS | scalar / EJML |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    products = []
    for p in PRODUCTS:
        m, k, n = [int(v) for v in p.split(":")[1:]]
        fl = 2.0 * m * k * n
        g = {name: fl / ours[p + " " + name][0] / 1e9 for name in ("vector", "scalar", "ejml")}
        blas = fl / torch_res[p] / 1e9
        products.append({"product": p, "openblas": blas, **g})
        lines.append("| %s | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f |" % (
            p, blas, g["vector"], g["scalar"], g["ejml"], g["vector"] / blas, g["scalar"] / g["ejml"]))
    alloc = ours["step 1 thread"][1]
    one = next(r for r in table if r["workload"] == "step 1 thread")
    two = next(r for r in table if r["workload"] == "step 2 threads")
    lines += ["", "- allocation per training step (784-256-256-10, batch 128, JMH -prof gc): %.0f bytes" % alloc,
              "- two threads / one thread (ours): %.2f" % (two["ours_samples_per_s"] / one["ours_samples_per_s"]),
              "- run started %s on %d cores; JDK %s" % (started, os.cpu_count(), java_version())]
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "latest.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(OUT, "latest.json"), "w") as f:
        json.dump({"started": started, "table": table, "products": products, "alloc_bytes_per_step": alloc,
                   "torch_raw_seconds": torch_res}, f, indent=1)
    if not args.quick:
        plot(table)
    print("\n".join(lines))


def java_version():
    r = subprocess.run(["java", "-version"], capture_output=True, text=True)
    return r.stderr.splitlines()[0].split('"')[1] if '"' in r.stderr else "?"


def plot(table):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.2))
    batch = sorted([r for r in table if r["widths"] == MAIN and r["threads"] == 1 and r["workload"] != "forward"],
                   key=lambda r: r["batch"])
    width = sorted([r for r in table if r["batch"] == 128 and r["threads"] == 1 and r["widths"].startswith("784-")
                    and r["workload"] != "forward"], key=lambda r: int(r["widths"].split("-")[1]))
    for ax, rows, xkey, title, xlabel in ((a1, batch, "batch", "784-256-256-10, 1 thread", "batch size"),
                                          (a2, width, "width", "784-w-w-10, batch 128, 1 thread", "hidden width w")):
        xs = [r["batch"] if xkey == "batch" else int(r["widths"].split("-")[1]) for r in rows]
        ax.plot(xs, [r["torch_samples_per_s"] for r in rows], "o-", label="PyTorch 1.13 (float64)")
        ax.plot(xs, [r["ours_samples_per_s"] for r in rows], "s-", label="matrix-backprop (Vector API)")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("training samples / s")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(OUT, "latest.png"), dpi=110)


if __name__ == "__main__":
    main()
