#!/usr/bin/env python3
"""The shared-database benchmark behind `scripts/bench --shared` (issue 13): PostgreSQL beside SQLite.

In one run, on the same invented data (scripts/bench.d/gen.py: 10k organisations, 100k contacts):
- importing 100k contacts into PostgreSQL (target < 30 s), with SQLite's time beside it;
- `pokja find` over the directory benchmark's 20 queries, whole process, on both stores (target: the
  PostgreSQL median within 2x SQLite's), and whether both give the same records in the same order;
- claiming and sending 1,000 queued messages from the PostgreSQL outbox to an SMTP server that takes
  20 ms to accept each message, by one `pokja outbox send` and by four at once (target: 4 workers >= 2x
  the throughput of one), with every message delivered exactly once.

A throwaway PostgreSQL cluster (Debian's postgresql: initdb as the postgres user when root, a socket in
a temporary folder, fsync off like the tests' clusters) is started and removed. Prints a Markdown report
and writes it into docs/performance.md between <!-- bench:shared --> and <!-- /bench:shared -->.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402
from notify import Server  # noqa: E402
from run import (checked, env_for, git_commit, machine, median, say, time_queries,  # noqa: E402
                 timed_import, write_docs)

BEGIN, END = "<!-- bench:shared -->", "<!-- /bench:shared -->"
TARGET_IMPORT_S = 30.0
TARGET_FIND_RATIO = 2.0
TARGET_WORKERS_RATIO = 2.0
MESSAGES = 1000
SMTP_DELAY_S = 0.02


class Cluster:
    """A private PostgreSQL cluster reached through a unix socket in its own temporary folder."""

    def __init__(self):
        versions = sorted(int(v) for v in os.listdir("/usr/lib/postgresql") if v.isdigit())
        if not versions:
            sys.exit("bench: PostgreSQL is not installed (scripts/bench installs Debian's postgresql)")
        self.version = versions[-1]
        self.bin = f"/usr/lib/postgresql/{self.version}/bin"
        self.folder = tempfile.mkdtemp(prefix="pgb", dir="/tmp")
        self.as_user = ["/usr/sbin/runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.folder, "postgres")
        subprocess.run(self.as_user + [f"{self.bin}/initdb", "-D", f"{self.folder}/data", "-A", "trust",
                                       "-U", "pokja", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"],
                       check=True, capture_output=True)
        subprocess.run(self.as_user + [f"{self.bin}/pg_ctl", "-D", f"{self.folder}/data", "-l",
                                       f"{self.folder}/log", "-w", "-o",
                                       f"-k {self.folder} -c listen_addresses='' -c fsync=off "
                                       "-c full_page_writes=off", "start"],
                       check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    def create(self, name):
        self.psql(f'CREATE DATABASE "{name}"', "postgres")
        return f"postgresql://pokja@/{name}?host={self.folder}"

    def psql(self, sql, database):
        done = subprocess.run([f"{self.bin}/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                               "-h", self.folder, "-U", "pokja", "-d", database, "-c", sql],
                              capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"bench: psql failed: {done.stderr[-2000:]}")
        return done.stdout.strip()

    def stop(self):
        subprocess.run(self.as_user + [f"{self.bin}/pg_ctl", "-D", f"{self.folder}/data", "-m",
                                       "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def find_ids(pokja, env, query):
    done = subprocess.run([pokja, "find", *query["args"], "--json"], env=env, capture_output=True,
                          text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"bench: pokja find {query['args']} failed: {done.stderr[-2000:]}")
    hits = json.loads(done.stdout) if done.stdout.strip() else []
    return [(hit.get("type"), hit.get("id")) for hit in hits]


def seed_outbox(cluster, database):
    """Queues MESSAGES mails straight into the outbox, shaped as pokja queues them."""
    cluster.psql(f"""
        INSERT INTO outbox_message (id, dedupe_key, kind, sender, recipient, message_id, subject, route,
                                    state, created_at, next_attempt_at)
        SELECT n, 'bench:' || n, 'invitation', 'sekretariat@pokja.example',
               'peserta' || n || '@kemensos.example', 'bench-' || n || '@pokja.example',
               'Undangan ' || n, 'smtp', 'queued', now() - interval '1 minute',
               now() - interval '1 minute'
        FROM generate_series(1, {MESSAGES}) AS n;
        INSERT INTO outbox_body (message_id, content)
        SELECT n, 'From: Sekretariat Pokja <sekretariat@pokja.example>' || chr(13) || chr(10) ||
                  'To: peserta' || n || '@kemensos.example' || chr(13) || chr(10) ||
                  'Subject: Undangan ' || n || chr(13) || chr(10) ||
                  'Message-ID: <bench-' || n || '@pokja.example>' || chr(13) || chr(10) ||
                  'Date: Mon, 07 Dec 2026 09:00:00 +0700' || chr(13) || chr(10) ||
                  'MIME-Version: 1.0' || chr(13) || chr(10) ||
                  'Content-Type: text/plain; charset=utf-8' || chr(13) || chr(10) || chr(13) || chr(10) ||
                  repeat('Rapat pleno Tim Pokja di lantai 7, Gedung Kementerian.' || chr(13) || chr(10), 25)
        FROM generate_series(1, {MESSAGES}) AS n;
        SELECT setval(pg_get_serial_sequence('outbox_message', 'id'), {MESSAGES});
    """, database)


def send_with(pokja, envs):
    """Runs one `pokja outbox send` per environment at once; wall seconds until all are done."""
    began = time.perf_counter()
    runs = [subprocess.Popen([pokja, "outbox", "send"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for env in envs]
    for run in runs:
        out, err = run.communicate(timeout=600)
        if run.returncode != 0:
            sys.exit(f"bench: pokja outbox send exited {run.returncode}: {err[-2000:]}")
    return time.perf_counter() - began


def received_ids(folder):
    ids = []
    for path in glob.glob(os.path.join(folder, "*.eml")):
        with open(path, "rb") as handle:
            for line in handle.read().split(b"\r\n"):
                if line.lower().startswith(b"message-id:"):
                    ids.append(line.split(b":", 1)[1].strip().decode())
                    break
    return ids


def bench_sending(pokja, work, cluster, repo):
    url = cluster.create("outbox")
    home = os.path.join(work, "send-home")
    os.makedirs(home, exist_ok=True)
    checked([pokja, "init", "--db", url], env_for(home))
    results = {}
    for workers in (1, 4):
        out = os.path.join(work, f"received-{workers}")
        server = Server(repo, ["--delay-data", str(SMTP_DELAY_S), "--out", out])
        port = server.port
        cluster.psql("TRUNCATE outbox_message, outbox_body CASCADE", "outbox")
        seed_outbox(cluster, "outbox")
        # Separate homes: as if on separate hosts, sharing only the database.
        envs = []
        for n in range(workers):
            worker_home = os.path.join(work, f"worker-{workers}-{n}")
            os.makedirs(worker_home, exist_ok=True)
            envs.append(env_for(worker_home, {
                "POKJA_DB": url, "POKJA_SMTP_URL": f"smtp://127.0.0.1:{port}",
                "POKJA_MAIL_FROM": "Sekretariat Pokja <sekretariat@pokja.example>"}))
        say(f"Sending {MESSAGES} messages with {workers} worker(s), {SMTP_DELAY_S * 1000:.0f} ms a message "
            "at the server")
        seconds = send_with(pokja, envs)
        server.stop()
        sent = int(cluster.psql("SELECT count(*) FROM outbox_message WHERE state = 'sent'", "outbox"))
        ids = received_ids(out)
        results[workers] = {"seconds": seconds, "sent": sent, "received": len(ids),
                            "distinct": len(set(ids)), "rate": MESSAGES / seconds}
        say(f"  {seconds:.1f} s, {MESSAGES / seconds:.0f} messages/s; {len(ids)} received, "
            f"{len(set(ids))} distinct, {sent} recorded as sent")
    return results


def bench(pokja, repo, work, args):
    data = os.path.join(work, "data")
    say("Generating 10k organisations and 100k contacts (fixed seed)")
    gen.generate(repo, data, 10_000, 100_000, 10_000, 20240917)
    queries = json.load(open(os.path.join(data, "queries.json"), encoding="utf-8"))
    organisations_csv = os.path.join(data, "organisations.csv")
    contacts_csv = os.path.join(data, "contacts.csv")

    cluster = Cluster()
    try:
        url = cluster.create("directory")
        homes = {"SQLite": os.path.join(work, "sqlite"), "PostgreSQL": os.path.join(work, "postgres")}
        envs = {"SQLite": env_for(homes["SQLite"]),
                "PostgreSQL": env_for(homes["PostgreSQL"], {"POKJA_DB": url})}
        imports = {}
        for store in ("SQLite", "PostgreSQL"):
            os.makedirs(homes[store], exist_ok=True)
            checked([pokja, "init"], envs[store])
            say(f"Importing 10k organisations, then 100k contacts, into {store}")
            orgs = timed_import(pokja, homes[store], "organisations", organisations_csv, envs[store])
            contacts = timed_import(pokja, homes[store], "contacts", contacts_csv, envs[store])
            imports[store] = (orgs, contacts)
            say(f"  organisations {orgs['wall_s']:.1f} s, contacts {contacts['wall_s']:.1f} s "
                f"({contacts['rss_mb']:.0f} MB)")
        counted = cluster.psql("SELECT (SELECT count(*) FROM organisation) || ' ' || "
                               "(SELECT count(*) FROM contact)", "directory")
        if counted != "10000 100000":
            sys.exit(f"bench: expected 10000 organisations and 100000 contacts in PostgreSQL: {counted}")

        same = sum(find_ids(pokja, envs["SQLite"], q) == find_ids(pokja, envs["PostgreSQL"], q)
                   for q in queries)
        say(f"Same records in the same order for {same} of {len(queries)} queries")

        def find_cmd(q):
            return [pokja, "find", *q["args"]]

        def check(command, done):
            if done.returncode not in (0, 1):
                sys.exit(f"bench: {' '.join(command)} failed: {done.stderr.decode()[-2000:]}")

        commands = [find_cmd(q) for q in queries]
        timings = {store: [[] for _ in queries] for store in envs}
        for store in envs:
            time_queries(f"{store} warm-up", commands, envs[store], 1, check)
        # Round by round, one store then the other: both see the same machine.
        for round_ in range(args.runs):
            for store in envs:
                for index, times in enumerate(
                        time_queries(f"{store} round {round_ + 1}", commands, envs[store], 1, check)):
                    timings[store][index] += times
        sending = bench_sending(pokja, work, cluster, repo)
        pg_version = cluster.psql("SHOW server_version", "postgres")
    finally:
        cluster.stop()

    med = {store: median([t for ts in timings[store] for t in ts]) for store in timings}
    ratio = med["PostgreSQL"] / med["SQLite"]
    pg_import = imports["PostgreSQL"][1]["wall_s"]
    workers_ratio = sending[4]["rate"] / sending[1]["rate"]
    exact = all(r["received"] == MESSAGES and r["distinct"] == MESSAGES and r["sent"] == MESSAGES
                for r in sending.values())

    def verdict(ok):
        return "met" if ok else "**missed**"

    m = machine()
    lines = [
        BEGIN,
        "## Shared database: PostgreSQL beside SQLite (issue 13)",
        "",
        f"Measured {datetime.date.today().isoformat()} by `scripts/bench --shared` on {m['cores']} cores "
        f"({m['cpu']}), {m['memory_gb']} GB RAM, Linux {m['kernel']}, load average at start {m['load']}. "
        f"pokja {git_commit(repo)} (release build), PostgreSQL {pg_version} (a private cluster on this "
        f"machine, unix socket, fsync off), Python {platform.python_version()}.",
        "",
        "Data: the directory benchmark's 10,000 organisations and 100,000 contacts (fixed seed), "
        "imported by `pokja import` into a fresh database of each kind; `find` runs the same 20 "
        f"queries, each a whole process, {args.runs} rounds after one warm-up round, alternating "
        "stores by round. Sending: 1,000 messages queued in the PostgreSQL outbox, delivered to the "
        f"SMTP test server, which waits {SMTP_DELAY_S * 1000:.0f} ms before accepting each message "
        "(a server with latency); the four workers run from four homes (as on separate hosts) and "
        "share only the database.",
        "",
        "| target | measured | |",
        "| --- | --- | --- |",
        f"| import 100k contacts into PostgreSQL < {TARGET_IMPORT_S:.0f} s | {pg_import:.1f} s "
        f"(SQLite {imports['SQLite'][1]['wall_s']:.1f} s) | {verdict(pg_import < TARGET_IMPORT_S)} |",
        f"| `find` at 100k on PostgreSQL within {TARGET_FIND_RATIO:.0f}x SQLite (median, whole process) "
        f"| {med['PostgreSQL']:.1f} ms vs {med['SQLite']:.1f} ms = {ratio:.2f}x "
        f"| {verdict(ratio <= TARGET_FIND_RATIO)} |",
        f"| same records in the same order | {same} of {len(queries)} queries | "
        f"{verdict(same == len(queries))} |",
        f"| 4 senders >= {TARGET_WORKERS_RATIO:.0f}x one | {sending[4]['rate']:.0f} vs "
        f"{sending[1]['rate']:.0f} messages/s = {workers_ratio:.2f}x | "
        f"{verdict(workers_ratio >= TARGET_WORKERS_RATIO)} |",
        f"| every message delivered once | {'yes' if exact else 'no'} "
        f"({', '.join(str(r['received']) + ' received' for r in sending.values())}) | "
        f"{verdict(exact)} |",
        "",
        "| import | SQLite | PostgreSQL |",
        "| --- | --- | --- |",
        f"| 10k organisations | {imports['SQLite'][0]['wall_s']:.1f} s | "
        f"{imports['PostgreSQL'][0]['wall_s']:.1f} s |",
        f"| 100k contacts | {imports['SQLite'][1]['wall_s']:.1f} s, "
        f"{imports['SQLite'][1]['rss_mb']:.0f} MB | {pg_import:.1f} s, "
        f"{imports['PostgreSQL'][1]['rss_mb']:.0f} MB |",
        "",
        "| `find` query | SQLite | PostgreSQL |",
        "| --- | --- | --- |",
    ]
    for query, lite, shared in zip(queries, timings["SQLite"], timings["PostgreSQL"]):
        lines.append(f"| `{' '.join(query['args'])}` | {median(lite):.1f} ms | {median(shared):.1f} ms |")
    lines += ["", END]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pokja", required=True, help="the release pokja binary")
    parser.add_argument("--repo", required=True)
    parser.add_argument("--work", help="working folder (default: a new temporary one, removed after)")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 10)))
    parser.add_argument("--no-docs", action="store_true", help="print the report only")
    args = parser.parse_args()
    pokja = os.path.abspath(args.pokja)
    repo = os.path.abspath(args.repo)
    work = args.work or tempfile.mkdtemp(prefix="pokja-bench-shared.")
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
