#!/usr/bin/python3
"""Runs the same workloads in PyTorch and in matrix-backprop, side by side in one go, in float64 and
float32 and, for matrix-backprop, on every JDK given (default: the `java` on the PATH and the
newest other JDK under /usr/lib/jvm), and writes benchmarks/results/latest.{md,json,png}:
samples/s, ratios, and GFLOP/s using 6 m sum(n_l n_{l-1}) flops per training step
(2 m sum(...) per forward pass).

Needs Debian's python3-torch and python3-matplotlib, and the benchmark jar:
    ./mvnw -B -q install -DskipTests && ./mvnw -B -q -f benchmarks/pom.xml package
    /usr/bin/python3 benchmarks/compare.py            # about 25 minutes (2 JDKs, 2 precisions)
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
dtype = {"float64": torch.float64, "float32": torch.float32}[sys.argv[3]]
torch.set_default_dtype(dtype)
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
        npt = np.float64 if sys.argv[3] == "float64" else np.float32
        a = (rng.random((k, m)) if op == "tn" else rng.random((m, k))).astype(npt)
        b = (rng.random((n, k)) if op == "nt" else rng.random((k, n))).astype(npt)
        c = np.empty((m, n), dtype=npt)
        f = {"nn": lambda: np.matmul(a, b, out=c), "tn": lambda: np.matmul(a.T, b, out=c),
             "nt": lambda: np.matmul(a, b.T, out=c)}[op]
        out[key] = timed(f)
print(json.dumps(out))
'''


TORCH_FASHION = r'''
import gzip, json, os, resource, sys, time, numpy as np, torch
dtype = {"float64": torch.float64, "float32": torch.float32}[sys.argv[2]]
torch.set_num_threads(1)
torch.manual_seed(1)
d = sys.argv[1]
def idx(name):
    path = os.path.join(d, name)
    raw = gzip.open(path + ".gz").read() if os.path.exists(path + ".gz") else open(path, "rb").read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
x = torch.tensor(idx("train-images-idx3-ubyte").reshape(-1, 784) / 255.0, dtype=dtype)
y = torch.tensor(idx("train-labels-idx1-ubyte").astype(np.int64))
xt = torch.tensor(idx("t10k-images-idx3-ubyte").reshape(-1, 784) / 255.0, dtype=dtype)
yt = torch.tensor(idx("t10k-labels-idx1-ubyte").astype(np.int64))
model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10)).to(dtype)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
lossf = torch.nn.CrossEntropyLoss()
g = torch.Generator().manual_seed(1)
start = time.perf_counter()
for epoch in range(int(sys.argv[3])):
    order = torch.randperm(x.shape[0], generator=g)
    for i in range(0, x.shape[0], 128):
        idxs = order[i:i + 128]
        opt.zero_grad(); loss = lossf(model(x[idxs]), y[idxs]); loss.backward(); opt.step()
seconds = time.perf_counter() - start
with torch.no_grad():
    acc = (model(xt).argmax(1) == yt).double().mean().item()
print(json.dumps({"seconds": seconds, "accuracy": acc,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}))
'''
FASHION_DIR = "/usr/share/datasets/fashion-mnist"


def fashion(java, precision, epochs=5):
    """Fashion-MNIST end to end, 1 thread: ours on `java` (java=None: PyTorch); training seconds, accuracy, peak RSS."""
    if java is None:
        env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
        cmd = ["/usr/bin/python3", "-c", TORCH_FASHION, FASHION_DIR, precision, str(epochs)]
    else:
        env = None
        cmd = [java, "--add-modules", "jdk.incubator.vector", "-cp", JAR,
               "io.github.matrixbackprop.bench.FashionMnistRun", FASHION_DIR, precision, str(epochs)]
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("the Fashion-MNIST run failed:\n" + r.stderr)
    return json.loads(r.stdout.strip().splitlines()[-1])


def torch_times(threads, passive, work, precision):
    env = dict(os.environ)
    env["OMP_NUM_THREADS"] = str(threads)
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    if passive:
        env["OMP_WAIT_POLICY"] = "PASSIVE"
    else:
        env.pop("OMP_WAIT_POLICY", None)
    r = subprocess.run(["/usr/bin/python3", "-c", TORCH_CHILD, str(threads), json.dumps(work), precision],
                       env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("the PyTorch run failed:\n" + r.stderr)
    return json.loads(r.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- Java side (JMH)
def jmh(java, benchmark, params, extra=()):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        path = f.name
    cmd = [java, "-jar", JAR, benchmark + r"\.", "-wi", "4", "-w", "1", "-i", "7", "-r", "1", "-f", "1",
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


def default_jdks():
    """The `java` on the PATH, and the newest other JDK under /usr/lib/jvm (by its feature version)."""
    jdks = ["java"]
    here = java_version("java")
    best = None
    root = "/usr/lib/jvm"
    if os.path.isdir(root):
        for d in sorted(os.listdir(root)):
            exe = os.path.join(root, d, "bin", "java")
            if os.path.islink(os.path.join(root, d)) or not os.path.exists(exe):
                continue
            v = java_version(exe)
            if v.split(".")[0] == here.split(".")[0]:
                continue
            if best is None or int(v.split(".")[0]) > int(best[1].split(".")[0]):
                best = (exe, v)
    if best:
        jdks.append(best[0])
    return jdks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer workloads (skips scaling)")
    ap.add_argument("--plot-only", action="store_true", help="redraw latest.png from latest.json")
    ap.add_argument("--jdk", action="append", help="a java executable to run our side on (repeatable);"
                    " default: the java on the PATH and the newest other JDK under /usr/lib/jvm")
    args = ap.parse_args()
    if args.plot_only:
        with open(os.path.join(OUT, "latest.json")) as f:
            plot(json.load(f)["table"])
        return
    if not os.path.exists(JAR):
        sys.exit("build the benchmark jar first (see the docstring)")
    steps = STEPS[:3] if args.quick else STEPS
    started = time.strftime("%Y-%m-%d %H:%M:%S")

    precisions = ["float64", "float32"]
    jdks = args.jdk or default_jdks()
    versions = {j: java_version(j) for j in jdks}

    # PyTorch: one child per thread setting and dtype
    torch_work = {}
    for key, widths, hidden, batch, threads in steps:
        torch_work.setdefault(threads, []).append([key, "step", widths, hidden, batch])
    for key, widths, hidden, batch, threads in FORWARD:
        torch_work.setdefault(threads, []).append([key, "forward", widths, hidden, batch])
    for p in PRODUCTS:
        torch_work.setdefault(1, []).append([p, "product", "", "", 0])
    torch_res = {}
    for prec in precisions:
        res = {}
        for threads, work in torch_work.items():
            res.update(torch_times(threads, False, work, prec))
            if threads > 1:
                for k, v in torch_times(threads, True, work, prec).items():
                    res[k + " (passive)"] = v
        torch_res[prec] = res

    # ours: every JDK, both precisions
    ours = {}
    for java in jdks:
        for prec in precisions:
            o = {}
            for key, widths, hidden, batch, threads in steps:
                (_, sec, alloc), = jmh(java, "TrainingStepBenchmark",
                                       {"widths": widths, "hidden": hidden, "batch": str(batch),
                                        "threads": str(threads), "kernel": "vector", "precision": prec},
                                       extra=["-prof", "gc"] if key == "step 1 thread" else [])
                o[key] = (sec, alloc)
            for key, widths, hidden, batch, threads in FORWARD:
                (_, sec, _), = jmh(java, "ForwardBenchmark", {"widths": widths, "batch": str(batch),
                                                               "threads": str(threads), "precision": prec})
                o[key] = (sec, None)
            kernels = "vector,scalar,ejml" if prec == "float64" and java == jdks[0] else "vector"
            for p, sec, _ in jmh(java, "KernelBenchmark", {"shape": ",".join(PRODUCTS), "kernel": kernels,
                                                           "precision": prec}):
                o[p["shape"] + " " + p["kernel"]] = (sec, None)
            ours[(java, prec)] = o

    # Fashion-MNIST end to end (skipped if the Debian package is not installed)
    fm = {}
    if os.path.isdir(FASHION_DIR) and not args.quick:
        for prec in precisions:
            fm[("PyTorch", prec)] = fashion(None, prec)
            for java in jdks:
                fm[(java, prec)] = fashion(java, prec)

    def jdk_name(java):
        return "JDK " + versions[java].split(".")[0]

    table = []
    lines = []
    for prec in precisions:
        head = "| workload (%s) | PyTorch samples/s | " % prec + " | ".join(
            "%s samples/s | ratio" % jdk_name(j) for j in jdks) + " |"
        lines += [head, "|---|---:|" + "---:|---:|" * len(jdks)]
        for key, widths, hidden, batch, threads in steps + FORWARD:
            fl = (2 if key == "forward" else 6) * batch * layer_flops(widths)
            tr = torch_res[prec]
            best = tr[key]
            note = ""
            if (key + " (passive)") in tr:
                best = min(tr[key], tr[key + " (passive)"])
                note = " (PyTorch best of default %.0f and PASSIVE %.0f)" % (batch / tr[key],
                                                                           batch / tr[key + " (passive)"])
            cells = []
            for java in jdks:
                t_ours = ours[(java, prec)][key][0]
                row = {"workload": key, "precision": prec, "jdk": versions[java], "widths": widths,
                       "batch": batch, "threads": threads, "torch_samples_per_s": batch / best,
                       "ours_samples_per_s": batch / t_ours, "ratio": best / t_ours,
                       "ours_gflops": fl / t_ours / 1e9, "torch_gflops": fl / best / 1e9}
                table.append(row)
                cells.append("%.0f | %.2f" % (row["ours_samples_per_s"], row["ratio"]))
            lines.append("| %s, %s, batch %d, %d thread%s%s | %.0f | %s |" % (
                key, widths, batch, threads, "" if threads == 1 else "s", note, batch / best, " | ".join(cells)))
        lines.append("")
    lines += ["| product (1 thread), GFLOP/s | numpy/OpenBLAS f64 | " + " | ".join(
        "vector f64 %s" % jdk_name(j) for j in jdks) + " | scalar f64 | EJML | numpy/OpenBLAS f32 | " + " | ".join(
        "vector f32 %s" % jdk_name(j) for j in jdks) + " |", "|---|" + "---:|" * (4 + 2 * len(jdks))]
    products = []
    for p in PRODUCTS:
        m, k, n = [int(v) for v in p.split(":")[1:]]
        fl = 2.0 * m * k * n
        row = {"product": p, "openblas_f64": fl / torch_res["float64"][p] / 1e9,
               "openblas_f32": fl / torch_res["float32"][p] / 1e9,
               "scalar_f64": fl / ours[(jdks[0], "float64")][p + " scalar"][0] / 1e9,
               "ejml": fl / ours[(jdks[0], "float64")][p + " ejml"][0] / 1e9}
        for java in jdks:
            for prec in precisions:
                row["vector_%s_%s" % (prec, versions[java])] = fl / ours[(java, prec)][p + " vector"][0] / 1e9
        products.append(row)
        lines.append("| %s | %.1f | %s | %.1f | %.1f | %.1f | %s |" % (
            p, row["openblas_f64"],
            " | ".join("%.1f (%.2f)" % (row["vector_float64_" + versions[j]],
                                        row["vector_float64_" + versions[j]] / row["openblas_f64"]) for j in jdks),
            row["scalar_f64"], row["ejml"], row["openblas_f32"],
            " | ".join("%.1f (%.2f)" % (row["vector_float32_" + versions[j]],
                                        row["vector_float32_" + versions[j]] / row["openblas_f32"]) for j in jdks)))
    lines.append("")
    if fm:
        lines += ["| Fashion-MNIST 784-256-10, Adam, batch 128, 5 epochs, 1 thread | training s | test accuracy |"
                  " peak RSS MB | time ratio (PyTorch / ours) |", "|---|---:|---:|---:|---:|"]
        for prec in precisions:
            ref = fm[("PyTorch", prec)]
            for who in ["PyTorch"] + jdks:
                r = fm[(who, prec)]
                name = "PyTorch" if who == "PyTorch" else "matrix-backprop, " + jdk_name(who)
                lines.append("| %s, %s | %.1f | %.4f | %.0f | %.2f |" % (
                    name, prec, r["seconds"], r["accuracy"], r["peak_rss_mb"], ref["seconds"] / r["seconds"]))
        lines.append("")
    allocs = {}
    for java in jdks:
        for prec in precisions:
            o = ours[(java, prec)]
            allocs["%s %s" % (jdk_name(java), prec)] = o["step 1 thread"][1]
            if "step 2 threads" in o:
                lines.append("- %s %s: two threads / one thread (ours): %.2f" % (
                    jdk_name(java), prec, o["step 1 thread"][0] / o["step 2 threads"][0]))
    lines += ["- allocation per training step (784-256-256-10, batch 128, JMH -prof gc): " + ", ".join(
        "%s %.0f bytes" % (k, v) for k, v in allocs.items()),
              "- run started %s on %d cores; %s" % (started, os.cpu_count(),
                                                  ", ".join("JDK %s" % versions[j] for j in jdks))]
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "latest.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(OUT, "latest.json"), "w") as f:
        json.dump({"started": started, "jdks": [versions[j] for j in jdks], "table": table,
                   "fashion_mnist": {"%s %s" % ("PyTorch" if k[0] == "PyTorch" else versions[k[0]], k[1]): v
                                     for k, v in fm.items()},
                   "products": products, "alloc_bytes_per_step": allocs, "torch_raw_seconds": torch_res}, f,
                  indent=1)
    if not args.quick:
        plot(table)
    print("\n".join(lines))


def java_version(java="java"):
    r = subprocess.run([java, "-version"], capture_output=True, text=True)
    return r.stderr.splitlines()[0].split('"')[1] if '"' in r.stderr else "?"


def plot(table):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.2))
    first = table[0]["jdk"]
    table = [r for r in table if r["jdk"] == first]
    f32 = [r for r in table if r["precision"] == "float32"]
    table = [r for r in table if r["precision"] == "float64"]
    batch = sorted([r for r in table if r["widths"] == MAIN and r["threads"] == 1 and r["workload"] != "forward"],
                   key=lambda r: r["batch"])
    width = sorted([r for r in table if r["batch"] == 128 and r["threads"] == 1 and r["widths"].startswith("784-")
                    and r["workload"] != "forward"], key=lambda r: int(r["widths"].split("-")[1]))
    for ax, rows, xkey, title, xlabel in ((a1, batch, "batch", "784-256-256-10, 1 thread", "batch size"),
                                          (a2, width, "width", "784-w-w-10, batch 128, 1 thread", "hidden width w")):
        xs = [r["batch"] if xkey == "batch" else int(r["widths"].split("-")[1]) for r in rows]
        ax.plot(xs, [r["torch_samples_per_s"] for r in rows], "o-", label="PyTorch 1.13 (float64)")
        ax.plot(xs, [r["ours_samples_per_s"] for r in rows], "s-", label="matrix-backprop float64 (JDK %s)" % first)
        same = {(r["workload"]) for r in rows}
        rows32 = [r for r in f32 if r["workload"] in same]
        rows32.sort(key=lambda r: r["batch"] if xkey == "batch" else int(r["widths"].split("-")[1]))
        ax.plot(xs, [r["torch_samples_per_s"] for r in rows32], "o--", label="PyTorch 1.13 (float32)")
        ax.plot(xs, [r["ours_samples_per_s"] for r in rows32], "s--", label="matrix-backprop float32")
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
