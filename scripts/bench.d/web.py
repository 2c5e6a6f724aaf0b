#!/usr/bin/env python3
"""The web benchmark behind `scripts/bench --web` (issue 14): `pokja serve`'s search page under load.

On the directory benchmark's invented data (scripts/bench.d/gen.py: 10k organisations, 100k contacts,
fixed seed) in SQLite, a signed-in member's search page (`GET /directory?q=…`, the whole page with the
same ranking as `pokja find`) is requested by 50 concurrent clients over keep-alive connections, over
the 20 benchmark queries, in two phases:
- paced: each client searches twice a second (a member typing, results as they type: 100 requests a
  second in all, about a third of what this machine can serve). Targets: server time (the
  `Server-Timing: app;dur=` the server writes, from the router to the response, waiting for a
  database connection included) p50 < 10 ms and p99 < 50 ms; peak memory of the server < 150 MB.
- saturated: each client sends its next request as soon as the last is answered, to measure how many
  the server answers a second; its server time is then mostly waiting for a connection (`wait;dur=`),
  shown apart from the work itself.
Beside it, in the same run: each query alone (one client), and `pokja find` as a whole process
(start-up included), the command-line peer.

The load generator is our own (asyncio, raw HTTP/1.1), so nothing but the server is measured by the
numbers the server reports; the client's own latency (queueing in the socket included) is shown too.
Prints a Markdown report and writes it into docs/performance.md between <!-- bench:web --> and
<!-- /bench:web -->.
"""
import asyncio
import datetime
import email
import email.policy
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402
from run import (env_for, git_commit, machine, make_database, median, run_benchmark,  # noqa: E402
                 say)

BEGIN, END = "<!-- bench:web -->", "<!-- /bench:web -->"
CLIENTS = 50
PACED_PER_CLIENT_S = 2.0
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
    """One GET on a keep-alive connection: (status, server ms, client ms, wait ms)."""
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
    timing = headers.get("server-timing", "")
    app = re.search(r"app;dur=([\d.]+)", timing)
    wait = re.search(r"wait;dur=([\d.]+)", timing)
    return (status, float(app.group(1)) if app else float("nan"), elapsed,
            float(wait.group(1)) if wait else 0.0)


async def load(port, cookie, paths, clients, seconds, per_second=None):
    """`clients` connections, each looping over `paths` (from its own offset) for `seconds`: at
    `per_second` requests a second each (paced, started at random offsets), else back to back."""
    deadline = time.perf_counter() + seconds
    results = []
    errors = []

    async def client(number):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        index = number
        interval = 1 / per_second if per_second else 0
        next_at = time.perf_counter() + (number / clients) * interval
        try:
            while time.perf_counter() < deadline:
                if interval:
                    await asyncio.sleep(max(0, next_at - time.perf_counter()))
                    next_at += interval
                status, server_ms, client_ms, wait_ms = await fetch(
                    reader, writer, paths[index % len(paths)], cookie)
                if status != 200:
                    errors.append(status)
                results.append((server_ms, client_ms, wait_ms))
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

        say(f"{CLIENTS} clients, each {PACED_PER_CLIENT_S:.0f} searches a second, for "
            f"{args.seconds:.0f} s (after a 3 s warm-up)")
        asyncio.run(load(port, cookie, paths, CLIENTS, 3, PACED_PER_CLIENT_S))
        paced, errors, paced_s = asyncio.run(
            load(port, cookie, paths, CLIENTS, args.seconds, PACED_PER_CLIENT_S))
        say(f"{CLIENTS} clients back to back for {args.seconds:.0f} s")
        results, more_errors, elapsed = asyncio.run(load(port, cookie, paths, CLIENTS, args.seconds))
        errors += more_errors
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

    paced_ms = [r[0] for r in paced]
    p50, p99 = percentile(paced_ms, 0.5), percentile(paced_ms, 0.99)
    busy_app = [r[0] for r in results]
    busy_work = [r[0] - r[2] for r in results]
    busy_wait = [r[2] for r in results]
    busy_client = [r[1] for r in results]
    verdict = lambda ok: "met" if ok else "**missed**"  # noqa: E731
    m = machine()
    lines = [
        BEGIN,
        "## Web: the search page under load (issue 14)",
        "",
        f"Measured {datetime.date.today().isoformat()} by `scripts/bench --web` on {m['cores']} cores "
        f"({m['cpu']}), {m['memory_gb']} GB RAM, Linux {m['kernel']}, load average at start "
        f"{m['load']}; pokja {git_commit(repo)} (release build), `pokja serve --connections "
        f"{args.connections}` on SQLite with the directory benchmark's 100,000 contacts and 10,000 "
        f"organisations. Each request is a signed-in member's `GET /directory?q=…` (the whole page, "
        f"the same ranking as `pokja find`), cycling through the benchmark's 20 queries, from "
        f"{CLIENTS} keep-alive clients; our own asyncio client, on the same 2 cores. Server time is "
        "the server's `Server-Timing: app;dur=` (router to response, waiting for a database "
        "connection included); `wait;dur=` is that wait alone.",
        "",
        f"**Paced** ({CLIENTS} clients, each {PACED_PER_CLIENT_S:.0f} searches a second, "
        f"{args.seconds:.0f} s: {len(paced)} requests, {len(paced) / paced_s:.0f}/s):",
        "",
        "| | measured | target | |",
        "|---|---|---|---|",
        f"| server time p50 | {p50:.2f} ms | < {TARGET_P50_MS:.0f} ms | "
        f"{verdict(p50 < TARGET_P50_MS)} |",
        f"| server time p99 | {p99:.2f} ms | < {TARGET_P99_MS:.0f} ms | "
        f"{verdict(p99 < TARGET_P99_MS)} |",
        f"| peak memory of `pokja serve` (whole run) | {rss:.0f} MB | < {TARGET_RSS_MB:.0f} MB | "
        f"{verdict(rss < TARGET_RSS_MB)} |",
        f"| client-side latency p50 / p99 | {percentile([r[1] for r in paced], 0.5):.1f} / "
        f"{percentile([r[1] for r in paced], 0.99):.1f} ms | | |",
        "",
        f"**Saturated** ({CLIENTS} clients back to back, {args.seconds:.0f} s): "
        f"{len(results)} requests, **{len(results) / elapsed:.0f} answered a second**, 0 errors. "
        f"Server time p50 / p99 {percentile(busy_app, 0.5):.1f} / {percentile(busy_app, 0.99):.1f} ms, "
        f"of which waiting for a connection {percentile(busy_wait, 0.5):.1f} / "
        f"{percentile(busy_wait, 0.99):.1f} ms and the work itself {percentile(busy_work, 0.5):.1f} / "
        f"{percentile(busy_work, 0.99):.1f} ms (client side {percentile(busy_client, 0.5):.1f} / "
        f"{percentile(busy_client, 0.99):.1f} ms). With every client always waiting, the queue, not "
        "the search, sets the latency: 50 requests in flight on 2 cores.",
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


def arguments(parser):
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_WEB_SECONDS", 20)),
                        help="length of each load phase")
    parser.add_argument("--connections", type=int, default=4, help="pokja serve --connections")


if __name__ == "__main__":
    run_benchmark(bench, "web", BEGIN, END, arguments)
