#!/usr/bin/env python3
"""The web benchmark behind `scripts/bench --web` (issue 14): `pokja serve`'s search page under load.

On the directory benchmark's invented data (scripts/bench.d/gen.py: 10k organisations, 100k contacts,
fixed seed) in SQLite, a signed-in member's search page (`GET /directory?q=…`, the whole page with the
same ranking as `pokja find`) is requested by 50 concurrent clients (keep-alive connections, each
sending its next request as soon as the last is answered) over the 20 benchmark queries for a fixed
time. Targets: server time (the `Server-Timing: app;dur=` the server writes, from the request reaching
the router to the response, waiting for a database connection included) p50 < 10 ms and p99 < 50 ms;
peak memory of the server < 150 MB. Beside it, in the same run: the same queries one at a time (no
concurrency), and `pokja find` as a whole process (start-up included), the command-line peer.

The load generator is our own (asyncio, raw HTTP/1.1), so nothing but the server is measured by the
numbers the server reports; the client's own latency (queueing in the socket included) is shown too.
Prints a Markdown report and writes it into docs/performance.md between <!-- bench:web --> and
<!-- /bench:web -->.
"""
import argparse
import asyncio
import datetime
import email
import email.policy
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402
from run import env_for, git_commit, machine, make_database, median, say, write_docs  # noqa: E402

BEGIN, END = "<!-- bench:web -->", "<!-- /bench:web -->"
CLIENTS = 50
TARGET_P50_MS = 10.0
TARGET_P99_MS = 50.0
TARGET_RSS_MB = 150.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


def query_string(args):
    """`pokja find` arguments as the search page's query: text, region, service, kind."""
    fields = {"q": []}
    rest = list(args)
    while rest:
        word = rest.pop(0)
        if word in ("--region", "--service", "--kind") and rest:
            fields[word[2:]] = rest.pop(0)
        else:
            fields["q"].append(word)
    fields["q"] = " ".join(fields["q"])
    return urllib.parse.urlencode(fields)


async def fetch(reader, writer, path, cookie):
    """One GET on a keep-alive connection: (status, server ms, client ms, bytes)."""
    started = time.perf_counter()
    writer.write((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
                  "Accept: text/html\r\n\r\n").encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    elapsed = (time.perf_counter() - started) * 1000
    timing = re.search(r"app;dur=([\d.]+)", headers.get("server-timing", ""))
    return status, float(timing.group(1)) if timing else float("nan"), elapsed, len(body)


async def load(port, cookie, paths, clients, seconds):
    """`clients` connections, each looping over `paths` (from its own offset) for `seconds`."""
    deadline = time.perf_counter() + seconds
    results = []
    errors = []

    async def client(number):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        index = number
        try:
            while time.perf_counter() < deadline:
                status, server_ms, client_ms, size = await fetch(
                    reader, writer, paths[index % len(paths)], cookie)
                if status != 200:
                    errors.append(status)
                results.append((server_ms, client_ms))
                index += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    return results, errors, time.perf_counter() - started


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def sign_in(base, home, env, pokja):
    """A member's session cookie, signed in as a browser does: the mailed link, then its form."""
    subprocess.run([pokja, "access", "grant", "1", "--valid", "1d"], env=env, check=True,
                   capture_output=True)
    link = None
    for path in sorted(os.listdir(os.path.join(home, "outbox"))):
        message = email.message_from_bytes(open(os.path.join(home, "outbox", path), "rb").read(),
                                           policy=email.policy.default)
        found = re.search(re.escape(base) + r"/signin/[A-Za-z0-9_-]+",
                          message.get_body(preferencelist=("plain",)).get_content())
        if found:
            link = found.group(0)
    if not link:
        sys.exit("bench: no sign-in link in the outbox")
    page = urllib.request.urlopen(link).read().decode()
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(link, data=urllib.parse.urlencode({"_csrf": token}).encode(),
                                     method="POST")
    try:
        opener.open(request)
    except urllib.error.HTTPError as answer:
        cookie = answer.headers.get("Set-Cookie", "")
        if answer.code == 303 and cookie.startswith("pokja_session="):
            return cookie.split(";")[0]
        sys.exit(f"bench: sign-in answered {answer.code}")
    sys.exit("bench: sign-in did not redirect")


def bench(pokja, repo, work, args):
    data = os.path.join(work, "data")
    say("Generating 10k organisations and 100k contacts (fixed seed)")
    gen.generate(repo, data, 10_000, 100_000, 10_000, 20240917)
    queries = json.load(open(os.path.join(data, "queries.json"), encoding="utf-8"))
    home = os.path.join(work, "home")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = env_for(home, {"POKJA_WEB_URL": base})
    say("Importing them into SQLite")
    _, _, counts = make_database(pokja, home, os.path.join(data, "organisations.csv"),
                                 os.path.join(data, "contacts.csv"))
    if counts != {"organisation": 10_000, "contact": 100_000}:
        sys.exit(f"bench: expected 10000 organisations and 100000 contacts, found {counts}")

    say(f"Starting pokja serve on {base} ({args.connections} database connections)")
    server = subprocess.Popen([pokja, "serve", "--listen", f"127.0.0.1:{port}", "--connections",
                               str(args.connections)], env=env, stderr=subprocess.PIPE)
    try:
        for _ in range(200):
            try:
                if urllib.request.urlopen(base + "/healthz", timeout=1).read() == b"ok\n":
                    break
            except OSError:
                time.sleep(0.05)
        else:
            sys.exit("bench: pokja serve did not answer /healthz")
        cookie = sign_in(base, home, env, pokja)
        paths = ["/directory?" + query_string(q["args"]) for q in queries]

        say("One client, each query 10 times (warm-up round first)")
        asyncio.run(load(port, cookie, paths, 1, 0.5))
        single_by_query = []
        for path in paths:
            async def one(path=path):
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                times = [await fetch(reader, writer, path, cookie) for _ in range(11)][1:]
                writer.close()
                return times
            times = asyncio.run(one())
            if any(t[0] != 200 for t in times):
                sys.exit(f"bench: {path} answered {times[0][0]}")
            single_by_query.append(median([t[1] for t in times]))

        say(f"{CLIENTS} clients for {args.seconds:.0f} s (after a 3 s warm-up)")
        asyncio.run(load(port, cookie, paths, CLIENTS, 3))
        results, errors, elapsed = asyncio.run(load(port, cookie, paths, CLIENTS, args.seconds))
        rss = peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=15)
    if errors:
        sys.exit(f"bench: {len(errors)} requests failed: {sorted(set(errors))}")

    say("pokja find, whole process, each query 5 times")
    cli = []
    for q in queries:
        times = []
        for _ in range(6):
            started = time.perf_counter()
            subprocess.run([pokja, "find", *q["args"]], env=env, check=True, capture_output=True)
            times.append((time.perf_counter() - started) * 1000)
        cli.append(median(times[1:]))

    server_ms = [r[0] for r in results]
    client_ms = [r[1] for r in results]
    p50, p99 = percentile(server_ms, 0.5), percentile(server_ms, 0.99)
    verdict = lambda ok: "met" if ok else "**missed**"  # noqa: E731
    lines = [
        BEGIN,
        "## Web: the search page under load (issue 14)",
        "",
        f"`scripts/bench --web`, {datetime.date.today().isoformat()}, commit {git_commit(repo)}, "
        f"{machine()}. 100k contacts and 10k organisations in SQLite (release build, "
        f"`pokja serve --connections {args.connections}`); a signed-in member's `GET /directory?q=…` "
        f"(the whole page) over the directory benchmark's 20 queries; {CLIENTS} keep-alive clients, "
        f"each sending its next request when the last is answered, for {args.seconds:.0f} s. Server "
        "time is the server's own `Server-Timing` (waiting for a database connection included).",
        "",
        "| | measured | target | |",
        "|---|---|---|---|",
        f"| server time p50, {CLIENTS} clients | {p50:.2f} ms | < {TARGET_P50_MS:.0f} ms | "
        f"{verdict(p50 < TARGET_P50_MS)} |",
        f"| server time p99, {CLIENTS} clients | {p99:.2f} ms | < {TARGET_P99_MS:.0f} ms | "
        f"{verdict(p99 < TARGET_P99_MS)} |",
        f"| peak memory of `pokja serve` | {rss:.0f} MB | < {TARGET_RSS_MB:.0f} MB | "
        f"{verdict(rss < TARGET_RSS_MB)} |",
        f"| requests answered | {len(results)} in {elapsed:.1f} s = {len(results) / elapsed:.0f}/s, "
        f"0 errors | | |",
        f"| client-side latency p50 / p99 | {percentile(client_ms, 0.5):.1f} / "
        f"{percentile(client_ms, 0.99):.1f} ms | | (includes waiting in the socket) |",
        "",
        "Each query alone (one client, median of 10) beside `pokja find` as a whole process, the "
        "command-line peer (median of 5, start-up included):",
        "",
        "| query | search page, server time | `pokja find` process | ratio |",
        "|---|---|---|---|",
    ]
    for q, page, find in zip(queries, single_by_query, cli):
        lines.append(f"| {q['label']} | {page:.2f} ms | {find:.1f} ms | {find / page:.1f}× |")
    lines += [
        f"| **median** | **{median(single_by_query):.2f} ms** | **{median(cli):.1f} ms** | "
        f"**{median(cli) / median(single_by_query):.1f}×** |",
        "",
        END,
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pokja", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--work")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_WEB_SECONDS", 20)))
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    pokja = os.path.abspath(args.pokja)
    repo = os.path.abspath(args.repo)
    work = args.work or tempfile.mkdtemp(prefix="pokja-bench-web.")
    keep = bool(args.work) or os.environ.get("BENCH_KEEP")
    started = time.time()
    try:
        report = bench(pokja, repo, work, args)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    print(report)
    if not args.no_docs:
        write_docs(os.path.join(repo, "docs", "performance.md"), report, BEGIN, END)
        say("Wrote the table into docs/performance.md")
    say(f"Benchmark took {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
