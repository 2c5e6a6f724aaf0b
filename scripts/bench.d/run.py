#!/usr/bin/env python3
"""The directory benchmark behind scripts/bench: import, `pokja find`, and khard as the peer.

Prints a Markdown report and writes it into docs/performance.md between
<!-- bench:directory --> and <!-- /bench:directory --> (other sections of that file are left alone).
"""
import argparse
import ctypes
import datetime
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

BEGIN, END = "<!-- bench:directory -->", "<!-- /bench:directory -->"
TARGET_FIND_MS = 15.0
TARGET_IMPORT_S = 10.0
TARGET_IMPORT_MB = 200.0
TARGET_RATIO = 35.0


def say(text):
    print(f"==> {text}", file=sys.stderr, flush=True)


def env_for(home, extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POKJA_")}
    env.update({"POKJA_HOME": home, "POKJA_USER": "bench", "NO_COLOR": "1", "LC_ALL": "C.UTF-8"})
    env.update(extra or {})
    return env


def timed_import(pokja, home, what, path, env=None):
    """Runs one import under /usr/bin/time -v: (wall seconds, peak RSS in MB, stdout)."""
    report = os.path.join(home, f"time-{what}-{os.path.basename(path)}.txt")
    done = subprocess.run(["/usr/bin/time", "-v", "-o", report, pokja, "import", what, path],
                          env=env or env_for(home), capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench: pokja import {what} {path} failed ({done.returncode}):\n"
                 f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    text = open(report, encoding="utf-8").read()
    wall = re.search(r"Elapsed \(wall clock\) time.*?: (?:(\d+):)?(\d+):([\d.]+)", text)
    hours, minutes, seconds = wall.groups()
    wall_s = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", text).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", text).group(1))
    return {"wall_s": wall_s, "rss_mb": rss_kb / 1024, "cpu_s": user + system, "output": done.stdout}


def database_counts(home):
    db = sqlite3.connect(os.path.join(home, "pokja.sqlite"))
    try:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("organisation", "contact")}
    finally:
        db.close()


def make_database(pokja, home, organisations_csv, contacts_csv):
    os.makedirs(home, exist_ok=True)
    subprocess.run([pokja, "init"], env=env_for(home), check=True, capture_output=True)
    orgs = timed_import(pokja, home, "organisations", organisations_csv)
    contacts = timed_import(pokja, home, "contacts", contacts_csv)
    return orgs, contacts, database_counts(home)


def checked(command, env, check=True):
    """Runs `command`; stops the benchmark with its output when it fails (unless check=False)."""
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if check and done.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed ({done.returncode}):\n{done.stdout[-2000:]}\n"
                 f"{done.stderr[-2000:]}")
    return done


def median_ms(command, env, runs):
    """Median whole-process wall time of `runs` runs, in ms; a failing run stops the benchmark."""
    times = []
    for _ in range(runs):
        elapsed, done = run_once(command, env)
        if done.returncode != 0:
            sys.exit(f"bench: {' '.join(command)} exited {done.returncode}: {done.stderr[-500:]!r}")
        times.append(elapsed)
    return statistics.median(times)


def run_once(command, env):
    """Whole-process wall time of one run, in ms, and its output."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, done


def time_queries(name, commands, env, runs, check, budget_s=None):
    """Times each command `runs` times, round-robin over the queries; returns ms lists per query.
    With `budget_s`, stops after the round that would not leave time for another one."""
    times = [[] for _ in commands]
    started = time.perf_counter()
    for round_ in range(runs):
        say(f"{name}: round {round_ + 1}/{runs}")
        round_started = time.perf_counter()
        for index, command in enumerate(commands):
            elapsed, done = run_once(command, env)
            check(command, done)
            times[index].append(elapsed)
        spent, last = time.perf_counter() - started, time.perf_counter() - round_started
        if budget_s is not None and round_ + 1 < runs and spent + last > budget_s:
            say(f"{name}: stopping after {round_ + 1} round(s) ({spent:.0f} s; budget {budget_s:.0f} s)")
            break
    return times


def split_vcards(text, folder):
    os.makedirs(folder, exist_ok=True)
    count = 0
    for card in re.findall(r"BEGIN:VCARD\r?\n.*?END:VCARD\r?\n?", text, flags=re.S):
        uid = re.search(r"^UID:(.*?)\r?$", card, flags=re.M)
        name = uid.group(1).strip() if uid else f"card-{count}"
        with open(os.path.join(folder, re.sub(r"[^A-Za-z0-9._-]", "_", name) + ".vcf"), "w",
                  encoding="utf-8", newline="") as f:
            f.write(card if card.endswith("\n") else card + "\r\n")
        count += 1
    return count


def sqlite_version(pokja):
    """The SQLite library the pokja binary loads (per ldd), asked for its own version."""
    try:
        ldd = subprocess.run(["ldd", pokja], capture_output=True, text=True).stdout
        path = re.search(r"libsqlite3\.so\S* => (\S+)", ldd).group(1)
        lib = ctypes.CDLL(path)
        lib.sqlite3_libversion.restype = ctypes.c_char_p
        return lib.sqlite3_libversion().decode()
    except Exception:  # noqa: BLE001 - a version we cannot read is reported as such
        return "unknown"


def machine():
    model, cores = "unknown", os.cpu_count()
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    return {"cpu": model, "cores": cores, "memory_gb": round(mem_kb / 1024 / 1024, 1),
            "kernel": platform.release(), "load": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def git_commit(repo):
    try:
        commit = subprocess.run(["git", "-C", repo, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", repo, "status", "--porcelain", "--untracked-files=normal",
                                "--", "Sources", "Package.swift"],
                               capture_output=True, text=True).stdout.strip()
        return commit + (" + uncommitted changes in Sources" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def ms(value):
    if value is None:
        return "–"
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def median(values):
    return statistics.median(values) if values else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pokja", required=True, help="the release pokja binary")
    parser.add_argument("--repo", required=True)
    parser.add_argument("--work", help="working folder (default: a new temporary one, removed after)")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 10)),
                        help="timed runs of each pokja query")
    parser.add_argument("--khard-fast-runs", type=int, default=int(os.environ.get("BENCH_KHARD_FAST_RUNS", 3)))
    parser.add_argument("--khard-full-runs", type=int, default=int(os.environ.get("BENCH_KHARD_FULL_RUNS", 3)),
                        help="at most this many rounds of `khard list` (each query ≈5-12 s)")
    parser.add_argument("--khard-full-budget", type=float,
                        default=float(os.environ.get("BENCH_KHARD_FULL_BUDGET", 240)),
                        help="seconds for `khard list`: no new round is started past it")
    parser.add_argument("--no-docs", action="store_true", help="print the report only")
    args = parser.parse_args()

    pokja = os.path.abspath(args.pokja)
    repo = os.path.abspath(args.repo)
    work = args.work or tempfile.mkdtemp(prefix="pokja-bench.")
    keep = bool(args.work) or os.environ.get("BENCH_KEEP")
    started = time.time()
    try:
        report = bench(pokja, repo, work, args)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    print(report)
    if not args.no_docs:
        write_docs(os.path.join(repo, "docs", "performance.md"), report)
        say("Wrote the table into docs/performance.md")
    say(f"Benchmark took {time.time() - started:.0f} s")


def bench(pokja, repo, work, args):
    data = os.path.join(work, "data")
    say("Generating 10k organisations and 100k contacts (fixed seed)")
    sizes = gen.generate(repo, data, 10_000, 100_000, 10_000, 20240917)
    queries = json.load(open(os.path.join(data, "queries.json"), encoding="utf-8"))

    say("Importing 10k organisations, then 100k contacts, into a fresh database")
    home100 = os.path.join(work, "home-100k")
    org100, con100, counts100 = make_database(
        pokja, home100, os.path.join(data, "organisations.csv"), os.path.join(data, "contacts.csv"))
    say(f"  organisations {org100['wall_s']:.2f} s {org100['rss_mb']:.0f} MB; "
        f"contacts {con100['wall_s']:.2f} s {con100['rss_mb']:.0f} MB; in the database: {counts100}")
    if counts100 != {"organisation": 10_000, "contact": 100_000}:
        sys.exit(f"bench: expected 10000 organisations and 100000 contacts, found {counts100}")

    say("Importing the 10k-contact subset into a second database")
    home10 = os.path.join(work, "home-10k")
    org10, con10, counts10 = make_database(
        pokja, home10, os.path.join(data, "organisations-10k.csv"), os.path.join(data, "contacts-10k.csv"))
    if counts10["contact"] != 10_000:
        sys.exit(f"bench: expected 10000 contacts in the 10k database, found {counts10}")

    say("Exporting those 10k contacts as vCards, one .vcf each, for khard")
    vcards = subprocess.run([pokja, "export", "contacts", "--format", "vcard"], env=env_for(home10),
                            check=True, capture_output=True, text=True).stdout
    book = os.path.join(work, "khard-book")
    cards = split_vcards(vcards, book)
    config_home = os.path.join(work, "xdg-config")
    os.makedirs(os.path.join(config_home, "khard"), exist_ok=True)
    with open(os.path.join(config_home, "khard", "khard.conf"), "w", encoding="utf-8") as f:
        f.write(f"[addressbooks]\n[[pokja]]\npath = {book}\n\n[general]\ndefault_action = list\n")
    khard_env = {k: v for k, v in os.environ.items() if not k.startswith("POKJA_")}
    khard_env.update({"XDG_CONFIG_HOME": config_home, "LC_ALL": "C.UTF-8"})
    khard = [shutil.which("khard")] if shutil.which("khard") else [sys.executable, "-m", "khard"]
    khard_version = subprocess.run(khard + ["--version"], env=khard_env, capture_output=True,
                                   text=True).stdout.strip().replace("Khard version ", "")

    def find_cmd(q):
        return [pokja, "find", *q["args"]]

    def check_pokja(command, done):
        if done.returncode != 0:
            sys.exit(f"bench: {' '.join(command)} failed: {done.stderr.decode()[-2000:]}")

    def check_khard(command, done):
        error = done.stderr.decode()
        if "Error" in error or "Traceback" in error:
            sys.exit(f"bench: {' '.join(command)} failed: {error[-2000:]}")

    # Result counts (untimed): pokja's --json hits; khard's parsable lines.
    def pokja_hits(home, q):
        out = subprocess.run(find_cmd(q) + ["--json"], env=env_for(home), capture_output=True, text=True)
        return len(json.loads(out.stdout)) if out.returncode == 0 and out.stdout.strip() else 0

    hits100 = [pokja_hits(home100, q) for q in queries]
    hits10 = [pokja_hits(home10, q) for q in queries]

    say(f"Timing pokja find: 20 queries × {args.runs} runs at 100k, then at 10k (one warm-up round each)")
    time_queries("pokja 100k warm-up", [find_cmd(q) for q in queries], env_for(home100), 1, check_pokja)
    p100 = time_queries("pokja 100k", [find_cmd(q) for q in queries], env_for(home100), args.runs, check_pokja)
    time_queries("pokja 10k warm-up", [find_cmd(q) for q in queries], env_for(home10), 1, check_pokja)
    p10 = time_queries("pokja 10k", [find_cmd(q) for q in queries], env_for(home10), args.runs, check_pokja)

    say(f"Timing khard list -f: 20 queries × {args.khard_fast_runs} runs at 10k")
    fast_cmds = [khard + ["list", "-p", "-f", *q["khard"]] for q in queries]
    time_queries("khard -f warm-up", fast_cmds[:1], khard_env, 1, check_khard)
    kfast = time_queries("khard list -f", fast_cmds, khard_env, args.khard_fast_runs, check_khard)
    khits = [len(run_once(c, khard_env)[1].stdout.decode().splitlines()) for c in fast_cmds]

    say(f"Timing khard list: 20 queries × up to {args.khard_full_runs} run(s) at 10k, "
        f"within {args.khard_full_budget:.0f} s")
    full_cmds = [khard + ["list", "-p", *q["khard"]] for q in queries]
    kfull = time_queries("khard list", full_cmds, khard_env, args.khard_full_runs, check_khard,
                         budget_s=args.khard_full_budget) \
        if args.khard_full_runs > 0 else [[] for _ in queries]
    full_rounds = len(kfull[0])

    # Start-up floor: the same binary doing no database work at all.
    version = [run_once([pokja, "--version"], env_for(home10))[0] for _ in range(args.runs * 3 + 1)][1:]

    all100 = [t for ts in p100 for t in ts]
    all10 = [t for ts in p10 for t in ts]
    allfast = [t for ts in kfast for t in ts]
    allfull = [t for ts in kfull for t in ts]
    med100, med10, medfast, medfull = map(median, (all100, all10, allfast, allfull))
    ratio_fast = medfast / med10
    ratio_full = medfull / med10 if medfull else None

    def verdict(ok):
        return "met" if ok else "**missed**"

    m = machine()
    lines = [
        BEGIN,
        "## Directory: import and `pokja find` at 100k contacts, khard at 10k",
        "",
        f"Measured {datetime.date.today().isoformat()} by `scripts/bench` on {m['cores']} cores "
        f"({m['cpu']}), {m['memory_gb']} GB RAM, Linux {m['kernel']}, load average at start {m['load']}. "
        f"pokja {git_commit(repo)} (release build, `--static-swift-stdlib`), SQLite {sqlite_version(pokja)}, khard {khard_version}, "
        f"Python {platform.python_version()}.",
        "",
        f"Data: {sizes['organisations']:,} organisations and {sizes['contacts']:,} contacts, invented with a "
        "fixed seed (`scripts/bench.d/gen.py`: Indonesian-looking names, pokja's 38 provinces, 08… mobile "
        "numbers, unique emails), as `;`-delimited CSV with Indonesian headers. The 10k set is the first "
        f"10,000 contact rows and the {sizes['subset_organisations']:,} organisations they belong to; khard "
        f"reads the same {cards:,} contacts as one .vcf file each, from `pokja export contacts --format vcard`.",
        "",
        "Method: each import runs once into a fresh database under `/usr/bin/time -v` (wall time, peak "
        "RSS). Each query is a whole process (start-up, opening the database, search, printing) timed "
        "with Python's `time.perf_counter` around `subprocess.run`, output to a pipe; queries run "
        f"round-robin after one warm-up round, {args.runs} times each for pokja, {args.khard_fast_runs} for "
        f"`khard list -f` and {full_rounds} for `khard list` (seconds a query, so fewer). Medians are "
        "over all runs of all 20 queries. khard gets each word as a search term (it ANDs them, each a "
        "substring of the card) and `phone_numbers:` for phone queries; it has no region or service "
        "filter, no acronyms and no typo tolerance, so it gets only the text part of those queries. "
        f"For scale: `pokja --version` (the same binary, no database) takes {ms(median(version))} ms.",
        "",
        "| target | measured | |",
        "| --- | --- | --- |",
        f"| import 100k contacts < {TARGET_IMPORT_S:.0f} s | {con100['wall_s']:.2f} s "
        f"({con100['cpu_s']:.2f} s CPU) | {verdict(con100['wall_s'] < TARGET_IMPORT_S)} |",
        f"| import 100k contacts < {TARGET_IMPORT_MB:.0f} MB peak | {con100['rss_mb']:.0f} MB | "
        f"{verdict(con100['rss_mb'] < TARGET_IMPORT_MB)} |",
        f"| `pokja find` median at 100k < {TARGET_FIND_MS:.0f} ms | {ms(med100)} ms | "
        f"{verdict(med100 < TARGET_FIND_MS)} |",
        f"| ≥ {TARGET_RATIO:.0f}× faster than `khard list -f` at 10k | {ratio_fast:.1f}× "
        f"({ms(medfast)} / {ms(med10)} ms) | {verdict(ratio_fast >= TARGET_RATIO)} |",
        f"| vs `khard list` at 10k (no target) | "
        + (f"{ratio_full:.0f}× ({ms(medfull)} / {ms(med10)} ms)" if ratio_full else "not run") + " | |",
        "",
        "| import | wall | CPU | peak RSS |",
        "| --- | ---: | ---: | ---: |",
        f"| 10,000 organisations (into an empty database) | {org100['wall_s']:.2f} s | {org100['cpu_s']:.2f} s | "
        f"{org100['rss_mb']:.0f} MB |",
        f"| 100,000 contacts (after them) | {con100['wall_s']:.2f} s | {con100['cpu_s']:.2f} s | "
        f"{con100['rss_mb']:.0f} MB |",
        f"| {counts10['organisation']:,} organisations (10k set) | {org10['wall_s']:.2f} s | {org10['cpu_s']:.2f} s | "
        f"{org10['rss_mb']:.0f} MB |",
        f"| 10,000 contacts (10k set) | {con10['wall_s']:.2f} s | {con10['cpu_s']:.2f} s | {con10['rss_mb']:.0f} MB |",
        "",
        "Median ms per query (results in brackets: pokja stops at 20, its default `--limit`; khard's count "
        "is `list -f`'s):",
        "",
        "| # | query | pokja find 100k | pokja find 10k | khard list -f 10k | khard list 10k |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for i, q in enumerate(queries):
        shown = " ".join(a if " " not in a else f'"{a}"' for a in q["args"])
        lines.append(
            f"| {i + 1} | {q['label']}: `{shown}` | {ms(median(p100[i]))} ({hits100[i]}) | "
            f"{ms(median(p10[i]))} ({hits10[i]}) | {ms(median(kfast[i]))} ({khits[i]}) | "
            f"{ms(median(kfull[i]))} |")
    lines.append(f"| | **median of all runs** | **{ms(med100)}** | **{ms(med10)}** | **{ms(medfast)}** | "
                 f"**{ms(medfull)}** |")
    lines.append(END)
    return "\n".join(lines)


def run_benchmark(bench, name, begin, end_marker, add_arguments=None):
    """The common `main` of a benchmark script: --pokja, --repo, --work, --no-docs (and what
    `add_arguments(parser)` adds); a temporary work folder removed after unless kept; the report
    printed and written into docs/performance.md between `begin` and `end_marker`."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--pokja", required=True, help="the release pokja binary")
    parser.add_argument("--repo", required=True)
    parser.add_argument("--work", help="working folder (default: a new temporary one, removed after)")
    parser.add_argument("--no-docs", action="store_true", help="print the report only")
    if add_arguments:
        add_arguments(parser)
    args = parser.parse_args()
    pokja = os.path.abspath(args.pokja)
    repo = os.path.abspath(args.repo)
    work = args.work or tempfile.mkdtemp(prefix=f"pokja-bench-{name}.")
    keep = bool(args.work) or os.environ.get("BENCH_KEEP")
    started = time.time()
    try:
        report = bench(pokja, repo, work, args)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    print(report)
    if not args.no_docs:
        write_docs(os.path.join(repo, "docs", "performance.md"), report, begin, end_marker)
        say("Wrote the table into docs/performance.md")
    say(f"Benchmark took {time.time() - started:.0f} s")


def write_docs(path, section, begin=BEGIN, end_marker=END):
    intro = ("# Performance\n\nNumbers measured by the scripts named in each section; run them again to "
             "refresh a section (each script rewrites only its own part of this file, between its "
             "markers).\n")
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else intro
    if begin in text and end_marker in text:
        start = text.index(begin)
        end = text.index(end_marker) + len(end_marker)
        text = text[:start] + section + text[end:]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
