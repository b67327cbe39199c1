#!/usr/bin/env python3
"""Builds the Markdown table of scripts/bench.sh from hyperfine JSON and the RSS list."""
import json
import os
import statistics
import sys


def medians(path):
    """{name: median seconds} of a hyperfine JSON export."""
    with open(path) as f:
        data = json.load(f)
    return {r["command"]: r["median"] for r in data["results"]}


def cpu(path):
    """{name: mean user + system seconds} of a hyperfine JSON export."""
    with open(path) as f:
        data = json.load(f)
    return {r["command"]: r["user"] + r["system"] for r in data["results"]}


def row(n, what, path, target, stream_target=""):
    m, c = medians(path), cpu(path)
    ms = lambda name: f"{m[name]*1000:.0f} ms" if name in m else "–"
    ratio = lambda name, d: f"{d['samenleven']/d[name]:.2f}×" if name in d else "–"
    print(f"| {int(n):,} | {what} | {ms('samenleven')} | {ms('floor')} | {ms('stream')} "
          f"| **{ratio('floor', m)}** | {ratio('floor', c)} | **{ratio('stream', m)}** "
          f"| {ratio('stream', c)} | {ms('before')} | {target} {stream_target} |")


def total_matches(out, n, fmt):
    """Whether samenleven and the floor read the same total (cents)."""
    try:
        with open(os.path.join(out, f"summary_{n}_{fmt}.json")) as f:
            ours = round(json.load(f)["total_eur"] * 100)
        with open(os.path.join(out, f"floor_{n}_{fmt}.txt")) as f:
            floor = int(f.read().split("som ")[1].split()[0])
        return "ja" if ours == floor else f"NEE ({ours} ≠ {floor})"
    except (OSError, KeyError, IndexError, ValueError):
        return "?"


def main():
    out, sizes = sys.argv[1], sys.argv[2:]
    rss = {}
    with open(os.path.join(out, "rss.tsv")) as f:
        for line in f:
            n, fmt, *values = line.split()
            values = [int(v) for v in values] + [0, 0]
            rss[(n, fmt)] = values[:4]
    print("| rows | what | samenleven (median) | floor (median) | stream floor (median) "
          "| ratio to floor (wall) | ratio to floor (CPU) | ratio to stream (wall) "
          "| ratio to stream (CPU) | before (median) | target |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    mib = lambda k: f"{k/1024:.0f} MiB" if k else "–"
    for n in sizes:
        for fmt in ("xlsx", "csv"):
            p = os.path.join(out, f"load_{n}_{fmt}.json")
            if os.path.exists(p):
                ok = total_matches(out, n, fmt)
                # The targets are against calamine opening a workbook (≤ 1.3×) and, at
                # a million rows, its streaming reader (≤ 1.2×); the CSV floor streams.
                if fmt == "xlsx":
                    target = "≤ 1.3× floor" + (", ≤ 1.2× stream" if int(n) >= 1000000 else "")
                else:
                    target = "≤ 2× floor at 1M" if int(n) >= 1000000 else "–"
                row(n, f"load {fmt} (same total: {ok})", p, target)
            if (n, fmt) in rss:
                o, fl, st, before = rss[(n, fmt)]
                limit = {"100000": " ≤ 40 MiB", "1000000": " ≤ 200 MiB"}.get(n, "")
                if fmt == "csv":
                    limit = " ≤ 150 MiB" if n == "1000000" else ""
                print(f"| {int(n):,} | peak RSS summary {fmt} | {mib(o)} | {mib(fl)} | {mib(st)} "
                      f"| **{o/fl:.2f}×** | | {f'**{o/st:.2f}×**' if st else '–'} | | {mib(before)} "
                      f"|{limit} |")
        p = os.path.join(out, f"export_{n}.json")
        err = os.path.join(out, f"export_{n}.err")
        if not os.path.exists(p) and os.path.exists(err) and os.path.getsize(err) > 0:
            with open(err) as f:
                msg = f.read().strip().replace("|", "/")
            print(f"| {int(n):,} | export xlsx | failed: {msg} | | | | | | | | ≤ 1.5× |")
        if os.path.exists(p):
            row(n, "export xlsx", p, "≤ 1.5×")
    p = os.path.join(out, "instructions.tsv")
    if os.path.exists(p) and os.path.getsize(p) > 0:
        print()
        print("Instructions executed (valgrind callgrind), load only; exact and repeatable:")
        print()
        print("| rows | file | samenleven | floor | ratio |")
        print("|---:|---|---:|---:|---:|")
        with open(p) as f:
            for line in f:
                n, fmt, ours, floor = line.split()
                print(f"| {int(n):,} | {fmt} | {int(ours)/1e6:,.0f} M | {int(floor)/1e6:,.0f} M "
                      f"| {int(ours)/int(floor):.2f}× |")
    print()
    print("Explorer at 160x48 (TestBackend), times in ms: load, state (App::new and the search index, on a worker thread), first frame, "
          "then 200 redraws.")
    print()
    print("| data | load | state | first frame | frame median | frame p99 | target |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name in ["sample"] + sizes:
        p = os.path.join(out, f"frame_{name}.tsv")
        if not os.path.exists(p):
            continue
        with open(p) as f:
            load, state, first, median, p99 = [float(x) for x in f.read().split()]
        label = "sample" if name == "sample" else f"{int(name):,} rows"
        target = ("first frame < 100 ms (load + state + first)" if name == "sample"
                  else "frame < 5 ms" if name == "1000000" else "")
        print(f"| {label} | {load:.1f} | {state:.1f} | {first:.2f} | {median:.2f} | {p99:.2f} | {target} |")
    states = [n for n in sizes if os.path.exists(os.path.join(out, f"state_{n}.tsv"))]
    if states:
        print()
        print("Explorer state (`App::new`) and search index built apart, then together on two "
              "threads as the explorer does (`App::with_search_index`) (`examples/state_time`, "
              "3 builds after one load, medians; CPU is the process's processor time, all threads), ms:")
        print()
        print("| rows | state wall | state CPU | index wall | index CPU | together wall | "
              "together CPU | target |")
        print("|---:|---:|---:|---:|---:|---:|---:|---|")
        for n in states:
            with open(os.path.join(out, f"state_{n}.tsv")) as f:
                runs = [[float(x) for x in line.split()] for line in f.read().splitlines()[1:]
                        if line.strip()]
            cols = [statistics.median(c) for c in zip(*runs)]
            target = "state + index < 800 ms (wall, together)" if n == "1000000" else ""
            print(f"| {int(n):,} | " + " | ".join(f"{c:.0f}" for c in cols) + f" | {target} |")
    p = os.path.join(out, "search.txt")
    if os.path.exists(p):
        print()
        print("Search latency per keystroke (`examples/search_latency 100000`; target p99 < 16 ms "
              "at 100 000 lines):")
        print()
        print("```")
        with open(p) as f:
            print(f.read().rstrip())
        print("```")


if __name__ == "__main__":
    main()
