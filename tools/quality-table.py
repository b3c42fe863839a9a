#!/usr/bin/env python3
"""Prints the markdown table of a set of jdml runs' evaluations (BENCHMARKS.md's quality tables).

Usage: quality-table.py LABEL=RUN_FOLDER [LABEL=RUN_FOLDER ...] [--epochs 1,3]

Each run's metrics.jsonl gives one row per evaluated epoch asked for: Recall@1/2/4/8, NMI, MAP@R,
R-precision, and the epoch's training seconds.
"""
import json
import sys
from pathlib import Path

METRICS = ["recall@1", "recall@2", "recall@4", "recall@8", "nmi", "map@r", "r-precision"]


def rows(label, folder, epochs):
    evaluations, seconds = {}, {}
    for line in (Path(folder) / "metrics.jsonl").read_text().splitlines():
        record = json.loads(line)
        if record.get("type") == "evaluation":
            evaluations[record["epoch"]] = record["metrics"]
        elif record.get("type") == "epoch":
            seconds[record["epoch"]] = record["seconds"]
    for epoch in epochs:
        if epoch not in evaluations:
            raise SystemExit(f"{folder}: no evaluation of epoch {epoch}")
        values = " | ".join(f"{evaluations[epoch][m]:.4f}" for m in METRICS)
        yield f"| {label} | {epoch} | {values} | {seconds.get(epoch, float('nan')):.1f} |"


def main(args):
    epochs = [1, 3]
    if "--epochs" in args:
        at = args.index("--epochs")
        epochs = [int(e) for e in args[at + 1].split(",")]
        del args[at:at + 2]
    if not args:
        raise SystemExit(__doc__)
    print("| run | epoch | Recall@1 | Recall@2 | Recall@4 | Recall@8 | NMI | MAP@R | R-Precision | epoch's training (s) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for arg in args:
        label, _, folder = arg.partition("=")
        for row in rows(label, folder, epochs):
            print(row)


if __name__ == "__main__":
    main(sys.argv[1:])
