"""`make bench`: build or reuse the synthetic data sets, measure every section, write
benchmarks/results.json and print a table with each figure against its budget (DESIGN.md section 7).

    python -m benchmarks.run                 # the real run (regional and demo data sets, SQLite)
    BENCH_POSTGRES=1 BENCH_POSTGRES_URL=postgresql://... python -m benchmarks.run   # also PostgreSQL
    python -m benchmarks.run --smoke --data-dir DIR --out FILE   # every section on demo data, tiny durations

Timings only compare within one run on one machine, so the machine is recorded beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import bench_qualitative, bench_writes, datasets
from benchmarks.budgets import check_budgets
from benchmarks.common import ROOT, Database, run_child

RESULTS = Path(__file__).resolve().parent / "results.json"
PAGE_KEYS = ("median_ms", "p95_ms", "queries")


def machine(postgres_version: str | None) -> dict:
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(memory_gb, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres_version,
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def postgres_version(url: str) -> str | None:
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=5) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
    except Exception:  # the version is a note, not a figure: a missing server is reported elsewhere
        return None


def pages(regional: Database, demo: Database, reps: int, warmup: int) -> dict:
    big = run_child("benchmarks.bench_pages", [str(reps), str(warmup)], regional)
    small = big if demo == regional else run_child("benchmarks.bench_pages", [str(reps), str(warmup)], demo)
    combined = {}
    for name, figures in big.items():
        other = small[name]
        combined[name] = {
            **{k: figures[k] for k in PAGE_KEYS},
            "queries_demo": other["queries"],
            "p95_demo_ms": other["p95_ms"],
            "p95_ratio_regional_to_demo": round(figures["p95_ms"] / max(other["p95_ms"], 0.1), 2),
            "requests": figures["requests"],
            "user": figures["user"],
        }
    return combined


def measure(regional: Database, demo: Database, plan: argparse.Namespace, log) -> dict:
    results: dict = {}
    sections = plan.sections
    if "pages" in sections:
        log("pages...")
        results["pages"] = pages(regional, demo, plan.reps, plan.warmup)
    if "writes" in sections:
        log(f"writes: {plan.clients} clients, {plan.seconds:g} s per phase...")
        results["writes"] = bench_writes.run(
            regional, clients=plan.clients, seconds=plan.seconds, threads=plan.threads
        )
    if "scoring" in sections:
        log("scoring...")
        # In a child: the 1,000,000-row matrix must not swell this process, whose peak memory the
        # children it starts afterwards would inherit in their own peak figures.
        results["scoring"] = run_child(
            "benchmarks.bench_scoring", [str(plan.scoring_rows), str(plan.scoring_repeats)], None
        )
    if "evaluation" in sections:
        log("evaluation...")
        results["evaluation"] = run_child("benchmarks.bench_evaluation", [], regional)
    if "qualitative" in sections:
        log("qualitative...")
        results["qualitative"] = bench_qualitative.run(regional)
    return results


def print_table(results: dict, budgets: list[dict]) -> None:
    verdicts = {b["figure"]: b for b in budgets}
    for section in ("pages", "writes", "scoring", "evaluation", "qualitative"):
        if section not in results:
            continue
        print(f"\n{section}")
        figures = results[section]
        rows = figures.items() if section != "pages" else []
        if section == "pages":
            print(f"  {'page':<22}{'median':>9}{'p95':>9}{'queries':>9}{'demo':>6}{'p95 ratio':>11}")
            for name, page in figures.items():
                mark = (
                    "ok"
                    if all(v["ok"] for k, v in verdicts.items() if k.startswith(f"pages.{name}."))
                    else "OVER"
                )
                print(
                    f"  {name:<22}{page['median_ms']:>7} ms{page['p95_ms']:>6} ms{page['queries']:>9}"
                    f"{page['queries_demo']:>6}{page['p95_ratio_regional_to_demo']:>11}  {mark}"
                )
            continue
        for key, value in rows:
            if isinstance(value, (dict, list)) or key in ("error_samples", "server_log_tail"):
                continue
            verdict = verdicts.get(f"{section}.{key}")
            note = f"  (budget {verdict['budget']}: {'ok' if verdict['ok'] else 'OVER'})" if verdict else ""
            print(f"  {key:<30} {value}{note}")
    for key in ("synth_seconds",):
        if key in results:
            verdict = verdicts.get(key)
            note = f"  (budget {verdict['budget']}: {'ok' if verdict['ok'] else 'OVER'})" if verdict else ""
            print(f"\n{key:<32} {results[key]}{note}")
    if "postgresql" in results:
        print("\npostgresql\n" + json.dumps(results["postgresql"], indent=2))
    failed = [b["figure"] for b in budgets if not b["ok"]]
    print(
        f"\nbudgets: {len(budgets) - len(failed)} of {len(budgets)} hold"
        + (f"; over: {', '.join(failed)}" if failed else "")
    )


def collect_static(database: Database) -> None:
    subprocess.run(
        [sys.executable, "-m", "puente", "manage", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=database.env(),
        check=True,
    )


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="every section on the demo data set, briefly")
    parser.add_argument("--data-dir", type=Path, help="where the SQLite data sets live (default var/)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--seed", type=int, default=datasets.DEFAULT_SEED)
    parser.add_argument(
        "--sections", default="pages,writes,scoring,evaluation,qualitative", help="comma-separated subset"
    )
    parser.add_argument("--clients", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument(
        "--postgres-only", action="store_true", help="measure only PostgreSQL (BENCH_POSTGRES_URL)"
    )
    parser.add_argument("--threads", type=int, default=int(os.environ.get("PUENTE_THREADS", "8")))
    args = parser.parse_args(argv)
    args.sections = set(args.sections.split(","))
    smoke = args.smoke
    args.clients = args.clients or (4 if smoke else 32)
    args.seconds = args.seconds or (2.0 if smoke else 60.0)
    # 200 timed requests per page: with 40, two stray slow requests (a collection, the machine busy
    # elsewhere) were enough to move the p95.
    args.reps, args.warmup = (3, 1) if smoke else (200, 10)
    args.scoring_rows, args.scoring_repeats = (20_000, 1) if smoke else (1_000_000, 5)
    return args


def main(argv: list[str] | None = None) -> int:
    plan = parse(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def sqlite_db(scale: str) -> Database:
        path = (
            plan.data_dir / f"synth-{scale}.sqlite3" if plan.data_dir else datasets.default_sqlite_path(scale)
        )
        return Database(scale, "sqlite", str(path))

    # Production settings serve hashed static file names: collect them once for every child process.
    static_root = tempfile.TemporaryDirectory(prefix="puente-bench-static-")
    os.environ["STATIC_ROOT"] = static_root.name
    demo = sqlite_db("demo")
    regional = demo if plan.smoke else sqlite_db("regional")
    postgres_url = os.environ.get("BENCH_POSTGRES_URL", "")
    use_postgres = os.environ.get("BENCH_POSTGRES", "") == "1"
    if (use_postgres or plan.postgres_only) and not postgres_url:
        log("BENCH_POSTGRES=1 needs BENCH_POSTGRES_URL (a database the benchmark may empty)")
        return 2
    collect_static(demo)
    results: dict = {
        "scale": "demo (smoke)" if plan.smoke else "regional",
        "machine": machine(postgres_version(postgres_url) if postgres_url else None),
    }
    if not plan.postgres_only:
        built_demo = datasets.ensure(demo, seed=plan.seed, log=log)
        built = built_demo if plan.smoke else datasets.ensure(regional, seed=plan.seed, log=log)
        results.update(measure(regional, demo, plan, log))
        results.update(
            synth_seconds=built["synth_seconds"], synth_reused=built["reused"], generator=built["generator"]
        )
    if use_postgres or plan.postgres_only:
        pg_regional = Database(regional.scale, "postgresql", postgres_url)
        demo_url = os.environ.get("BENCH_POSTGRES_DEMO_URL", "")
        pg_demo = Database("demo", "postgresql", demo_url) if demo_url else pg_regional
        datasets.ensure(pg_regional, seed=plan.seed, log=log, marker_dir=plan.data_dir)
        if demo_url:
            datasets.ensure(pg_demo, seed=plan.seed, log=log, marker_dir=plan.data_dir)
        pg_plan = argparse.Namespace(
            **{**vars(plan), "sections": plan.sections & {"pages", "writes", "evaluation"}}
        )
        log("PostgreSQL...")
        results["postgresql"] = measure(pg_regional, pg_demo, pg_plan, log)
    budgets = check_budgets(results)
    results["budgets"] = {
        b["figure"]: {"value": b["value"], "budget": b["budget"], "ok": b["ok"]} for b in budgets
    }
    plan.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(results, budgets)
    print(f"\nwrote {plan.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
