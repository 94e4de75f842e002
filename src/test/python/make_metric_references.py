#!/usr/bin/python3
"""Writes scikit-learn's values of the classification metrics for a few fixed inputs into
src/test/resources/metrics/sklearn-references.json, which train.MetricsReferenceTest compares
against to 1e-12. Run with Debian's python3-sklearn:
    /usr/bin/python3 src/test/python/make_metric_references.py
The tests only read the JSON file; they never run this script.

Conventions matched here: a class is the arg max of a row (first on ties), or for one output
whether it is above 0.5; multi-label units and targets are yes when above 0.5; every class
0..n-1 is reported (labels=range(n)), also one without samples; a ratio with a zero denominator
is 0 (zero_division=0, scikit-learn's default value without its warning)."""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, hamming_loss, precision_recall_fscore_support,
                             roc_auc_score)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "metrics",
                   "sklearn-references.json")
warnings.simplefilter("ignore")  # the zero-division warnings are expected: those cases are the point


def prf(y_true, y_pred, labels):
    """Per-class and averaged precision, recall, F1 and support."""
    out = {}
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=None,
                                                 zero_division=0)
    out["precision"], out["recall"], out["f1"], out["support"] = p.tolist(), r.tolist(), f.tolist(), s.tolist()
    for avg in ("macro", "weighted", "micro"):
        p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=avg,
                                                     zero_division=0)
        out[avg] = {"precision": float(p), "recall": float(r), "f1": float(f)}
    return out


def single_label(name, predictions, targets):
    p = np.array(predictions, dtype=float)
    y = np.array(targets, dtype=float)
    n = p.shape[1]
    if n == 1:
        pred, true, labels = (p[:, 0] > 0.5).astype(int), (y[:, 0] > 0.5).astype(int), [0, 1]
    else:
        pred, true, labels = p.argmax(axis=1), y.argmax(axis=1), list(range(n))
    case = {"name": name, "kind": "single", "predictions": p.tolist(), "targets": y.tolist(),
            "accuracy": float(accuracy_score(true, pred))}
    case.update(prf(true, pred, labels))
    if n == 1:
        case["roc_auc"] = float(roc_auc_score(true, p[:, 0]))
    return case


def multi_label(name, predictions, targets):
    p = np.array(predictions, dtype=float)
    y = np.array(targets, dtype=float)
    pred, true = (p > 0.5).astype(int), (y > 0.5).astype(int)
    case = {"name": name, "kind": "multi", "predictions": p.tolist(), "targets": y.tolist(),
            "hamming_accuracy": float(1 - hamming_loss(true, pred)),
            "subset_accuracy": float(accuracy_score(true, pred))}
    case.update(prf(true, pred, list(range(p.shape[1]))))
    return case


def auc(name, scores, labels):
    s = np.array(scores, dtype=float)
    y = np.array(labels, dtype=int)
    return {"name": name, "scores": s.tolist(), "labels": y.tolist(), "roc_auc": float(roc_auc_score(y, s))}


def main():
    rng = np.random.RandomState(20240611)
    cases = []

    # 4 classes: class 2 is never predicted (precision 0/0), class 3 has no samples (recall 0/0)
    cases.append(single_label("softmax-4-classes", [
        [0.70, 0.10, 0.15, 0.05], [0.20, 0.50, 0.20, 0.10], [0.10, 0.30, 0.25, 0.35],
        [0.60, 0.20, 0.10, 0.10], [0.30, 0.30, 0.30, 0.10], [0.05, 0.80, 0.10, 0.05],
        [0.25, 0.40, 0.30, 0.05], [0.40, 0.35, 0.20, 0.05], [0.10, 0.20, 0.30, 0.40],
        [0.50, 0.10, 0.30, 0.10], [0.20, 0.45, 0.30, 0.05], [0.15, 0.15, 0.60, 0.10]],
        [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0],
         [0, 0, 1, 0], [0, 1, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0]]))

    # random 5-class outputs of 60 samples
    logits = rng.normal(size=(60, 5))
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    classes = np.where(rng.uniform(size=60) < 0.6, probs.argmax(axis=1), rng.randint(0, 5, size=60))
    cases.append(single_label("softmax-5-random", probs.tolist(), np.eye(5)[classes].tolist()))

    # one sigmoid unit: ties among the scores, also across the classes, and one score exactly 0.5
    cases.append(single_label("sigmoid-1-ties", [[0.9], [0.8], [0.8], [0.7], [0.5], [0.5], [0.4], [0.3],
                                                 [0.3], [0.1], [0.8], [0.2]],
                              [[1], [1], [0], [1], [1], [0], [0], [1], [0], [0], [1], [0]]))
    scores = np.round(rng.uniform(size=80), 1)
    labels = (rng.uniform(size=80) < 0.3 + 0.5 * scores).astype(int)
    cases.append(single_label("sigmoid-1-random", scores.reshape(-1, 1).tolist(),
                              labels.reshape(-1, 1).tolist()))

    # 3 sigmoid units: unit 2 has no positive target and no positive prediction, a value exactly 0.5
    cases.append(multi_label("sigmoid-3-multilabel", [
        [0.9, 0.2, 0.1], [0.6, 0.7, 0.3], [0.4, 0.5, 0.2], [0.1, 0.9, 0.4], [0.8, 0.8, 0.1],
        [0.3, 0.1, 0.0], [0.55, 0.45, 0.5], [0.2, 0.6, 0.3]],
        [[1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 1, 0], [1, 0, 0], [0, 0, 0], [1, 1, 0], [0, 0, 0]]))
    p = rng.uniform(size=(40, 6))
    y = (rng.uniform(size=(40, 6)) < 0.2 + 0.6 * p).astype(int)
    cases.append(multi_label("sigmoid-6-random", p.tolist(), y.tolist()))

    aucs = [
        auc("perfect", [0.1, 0.2, 0.3, 0.8, 0.9], [0, 0, 0, 1, 1]),
        auc("reversed", [0.9, 0.8, 0.3, 0.2], [0, 0, 1, 1]),
        auc("all-tied", [0.4, 0.4, 0.4, 0.4, 0.4], [0, 1, 0, 1, 1]),
        auc("half-ties", [0.1, 0.5, 0.5, 0.5, 0.9, 0.9], [0, 0, 1, 1, 0, 1]),
        auc("random-200-ties", np.round(rng.normal(size=200), 1).tolist(),
            (rng.uniform(size=200) < 0.4).astype(int).tolist()),
        auc("random-1000", rng.normal(size=1000).tolist(), (rng.uniform(size=1000) < 0.1).astype(int).tolist()),
    ]

    # one case per line: small, and a regenerated file differs only in the cases that changed
    with open(OUT, "w") as f:
        f.write('{"generator": "src/test/python/make_metric_references.py",\n')
        f.write(' "sklearn": %s,\n' % json.dumps(sklearn.__version__))
        f.write(' "cases": [\n  ' + ",\n  ".join(json.dumps(c) for c in cases) + "\n ],\n")
        f.write(' "roc_auc": [\n  ' + ",\n  ".join(json.dumps(c) for c in aucs) + "\n ]\n}\n")


if __name__ == "__main__":
    main()
