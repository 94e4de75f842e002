#!/usr/bin/python3
"""Reads one numeric CSV file with pandas.read_csv, numpy.loadtxt and matrix-backprop's CsvReader,
each in a process of its own, side by side, and writes benchmarks/results/csv.md: the seconds the
read takes (timed inside the process), the process's wall time and peak resident memory (from
wait4), and for matrix-backprop the peak heap in use (the heap pools' peak, garbage included).

The file is 500,000 rows x 50 columns with a header (the last column is read as a regression
target by matrix-backprop; pandas and numpy read all 50 columns as float64, the same 200 MB of
numbers), values of a seeded normal distribution times 10 rounded to 5 decimals and written as
Python's repr writes them (the shortest text that reads back to the same double, as pandas'
to_csv writes floats): about 218 MB. It is generated on first use (about a minute).

matrix-backprop runs with -Xmx set to twice the numeric payload (400m), so the run itself shows
that the reader fits in that heap.

Needs Debian's python3-numpy, and python3-pandas for the pandas row (without it the row says it
was not run), and the benchmark jar (or --classpath with the library, EJML and the benchmark
classes):
    ./mvnw -B -q install -DskipTests && ./mvnw -B -q -f benchmarks/pom.xml package
    /usr/bin/python3 benchmarks/csv_compare.py          # about 2 minutes once the file exists
Medians of --repeat runs; the machine is shared, so compare the numbers of one run.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.join(HERE, "target", "benchmarks.jar")
OUT = os.path.join(HERE, "results")
ROWS, COLS = 500_000, 50
DEFAULT_FILE = os.path.join("/tmp", "matrix-backprop-csv", "numeric-%dx%d.csv" % (ROWS, COLS))

PANDAS = r'''
import json, sys, time, pandas
t = time.perf_counter()
df = pandas.read_csv(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - t, "rows": len(df), "columns": df.shape[1]}))
'''

NUMPY = r'''
import json, sys, time, numpy
t = time.perf_counter()
a = numpy.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
print(json.dumps({"seconds": time.perf_counter() - t, "rows": a.shape[0], "columns": a.shape[1]}))
'''


def generate(path):
    import numpy as np
    os.makedirs(os.path.dirname(path), exist_ok=True)
    rng = np.random.default_rng(0)
    tmp = path + ".part"
    with open(tmp, "w") as f:
        f.write(",".join("c%d" % c for c in range(COLS - 1)) + ",y\n")
        for start in range(0, ROWS, 10_000):
            block = np.round(rng.standard_normal((min(10_000, ROWS - start), COLS)) * 10, 5)
            f.write("\n".join(",".join(map(repr, row)) for row in block.tolist()))
            f.write("\n")
    os.replace(tmp, path)


def measure(cmd, repeat):
    results = []
    for _ in range(repeat):
        # wait4 needs the child unreaped: start it, reap it ourselves
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out = p.stdout.read()
        err = p.stderr.read()
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if p.returncode != 0:
            sys.exit("failed: %s\n%s" % (" ".join(cmd), err))
        r = json.loads(out.strip().splitlines()[-1])
        r["wall"] = wall
        r["rss_mb"] = usage.ru_maxrss / 1024.0
        r["cpu"] = usage.ru_utime + usage.ru_stime
        results.append(r)
    keys = results[0].keys()
    return {k: statistics.median(r[k] for r in results) for k in keys if isinstance(results[0][k], (int, float))}


def has_module(name):
    return subprocess.run(["/usr/bin/python3", "-c", "import " + name], capture_output=True).returncode == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", default=DEFAULT_FILE, help="the CSV file (generated if absent)")
    ap.add_argument("--classpath", help="classpath of the benchmark classes and the library (default: the jar)")
    ap.add_argument("--java", default="java")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    cp = args.classpath or JAR
    if not args.classpath and not os.path.exists(JAR):
        sys.exit("build the benchmark jar first (see the docstring), or pass --classpath")
    if not os.path.exists(args.file):
        print("generating", args.file)
        generate(args.file)
    size_mb = os.path.getsize(args.file) / 1e6
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    payload_mb = ROWS * COLS * 8 / 1e6

    rows = []
    if has_module("pandas"):
        rows.append(("pandas.read_csv", measure(["/usr/bin/python3", "-c", PANDAS, args.file], args.repeat)))
    else:
        rows.append(("pandas.read_csv", None))
    rows.append(("numpy.loadtxt", measure(["/usr/bin/python3", "-c", NUMPY, args.file], args.repeat)))
    heap = "-Xmx%dm" % int(2 * payload_mb)
    ours = measure([args.java, heap, "-cp", cp, "io.github.matrixbackprop.bench.CsvReadRun", args.file],
                   args.repeat)
    rows.append(("matrix-backprop CsvReader (%s)" % heap, ours))

    lines = ["Reading a numeric CSV file of %d rows x %d columns (%.0f MB of text, %.0f MB of doubles), "
             "each reader in its own process, median of %d runs." % (ROWS, COLS, size_mb, payload_mb, args.repeat),
             "",
             "| reader | read s | process wall s | process CPU s | peak RSS MB | peak heap MB |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, r in rows:
        if r is None:
            lines.append("| %s | not run: python3-pandas is not installed | | | | |" % name)
            continue
        lines.append("| %s | %.2f | %.2f | %.2f | %.0f | %s |" % (
            name, r["seconds"], r["wall"], r["cpu"], r["rss_mb"],
            "%.0f" % r["peak_heap_mb"] if "peak_heap_mb" in r else ""))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines += ["", "- read s: the read alone, timed inside the process (for the JVM after its start-up); "
              "process wall/CPU s and peak RSS: the whole process, from wait4",
              "- peak heap: the JVM's heap pools' peak usage during the read (garbage not yet collected "
              "counts); the payload is %.0f MB" % payload_mb,
              "- run started %s on %d cores, load average %.1f at the end; %s" % (
                  started, os.cpu_count(), load, java_version(args.java))]
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "csv.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def java_version(java):
    r = subprocess.run([java, "-version"], capture_output=True, text=True)
    return "JDK " + r.stderr.splitlines()[0].split('"')[1] if '"' in r.stderr else "JDK ?"


if __name__ == "__main__":
    main()
