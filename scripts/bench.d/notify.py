#!/usr/bin/env python3
"""The notifications benchmark behind `scripts/bench --notify` (issue 5, "Speed").

1. 1,000 invitations (each with its .ics) to a local SMTP server (aiosmtpd on 127.0.0.1, the test
   server of scripts/testing), messages per second, side by side in one run: `pokja meeting invite`
   (whole process: composing, queueing, delivering), Apprise (PyPI, `mailto://`, its throttle off,
   the same text and .ics as an attachment), and the ceiling of the server itself (Python's smtplib
   sending the same 1,000 messages over one session).
2. 1,000 signed webhooks (Standard Webhooks) to a local HTTP server: `pokja meeting upcoming --invite`
   for 1,000 meetings (one `invitation.sent` event each, one channel), Apprise `json://` (throttle
   off), and the ceiling (Python's http.client over one keep-alive connection).
3. `pokja remind --due` when nothing is due, on a database of 10,000 meetings and 100,000 outbox rows,
   whole-process median, beside `remind` (Debian) reading 10,000 reminders.

Prints a Markdown report and writes it into docs/performance.md between
<!-- bench:notify --> and <!-- /bench:notify -->.
"""
import argparse
import datetime
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import checked, env_for, git_commit, machine, median_ms, say, write_docs  # noqa: E402

BEGIN, END = "<!-- bench:notify -->", "<!-- /bench:notify -->"
MESSAGES = 1000


class Server:
    """The test SMTP server (no TLS, no AUTH, nothing written to disk) on a free port."""

    def __init__(self, repo, options=()):
        script = os.path.join(repo, "scripts", "testing", "smtp_server.py")
        self.process = subprocess.Popen([sys.executable, script, "--port", "0", *options],
                                        stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("READY"):
            sys.exit(f"bench: the SMTP test server did not start: {line}")
        self.port = int(line.split()[1])

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)


class HookServer:
    """An HTTP/1.1 server on 127.0.0.1 answering every POST 200 and counting them."""

    def __init__(self):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with server.lock:
                    server.count += 1
                self.send_response(server.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        class Server(ThreadingHTTPServer):
            # socketserver's default backlog of 5 drops the SYNs of parallel clients (curl multi
            # opens 16 connections), which then wait a second for TCP to try again.
            request_queue_size = 128

        self.lock = threading.Lock()
        self.count = 0
        self.status = 200
        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()


def bench_webhooks(pokja, work):
    import json
    hooks = HookServer()
    try:
        home = os.path.join(work, "hooks")
        env = env_for(home, {"BENCH_WEBHOOK_SECRET": "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"})
        os.makedirs(home, exist_ok=True)
        checked([pokja, "init"], env)
        config = os.path.join(home, "config.toml")
        with open(config, encoding="utf-8") as handle:
            text = handle.read()
        with open(config, "w", encoding="utf-8") as handle:
            handle.write(text.replace("# allow_private_webhooks = false",
                                      "allow_private_webhooks = true"))
        checked([pokja, "channel", "add", "pokja-bench", "--webhook", f"http://127.0.0.1:{hooks.port}/hook",
             "--preset", "json", "--secret-env", "BENCH_WEBHOOK_SECRET"], env)
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Pokja//bench//EN"]
        start = datetime.datetime.now() + datetime.timedelta(days=1)
        for n in range(MESSAGES):
            at = (start + datetime.timedelta(minutes=30 * n)).replace(second=0, microsecond=0)
            lines += ["BEGIN:VEVENT", f"UID:hook-{n}@pokja.invalid",
                      f"DTSTART;TZID=Asia/Jakarta:{at:%Y%m%dT%H%M%S}",
                      f"DTEND;TZID=Asia/Jakarta:{at + datetime.timedelta(minutes=25):%Y%m%dT%H%M%S}",
                      f"SUMMARY:Rapat koordinasi {n}", "END:VEVENT"]
        lines.append("END:VCALENDAR")
        ics = os.path.join(work, "hooks.ics")
        with open(ics, "w", encoding="utf-8") as handle:
            handle.write("\r\n".join(lines) + "\r\n")
        checked([pokja, "import-ics", ics], env)
        # Queued first (the server says 503: all wait for a retry), then made due and delivered:
        # `outbox send` is timed, the delivery alone (claim, sign, POST, record).
        hooks.status = 503
        began = time.perf_counter()
        checked([pokja, "meeting", "upcoming", "--within", "30d", "--invite"], env, check=False)
        queue_s = time.perf_counter() - began
        hooks.status = 200
        checked([pokja, "outbox", "retry", "--all"], env)
        before = hooks.count
        began = time.perf_counter()
        checked([pokja, "outbox", "send"], env)
        pokja_s = time.perf_counter() - began
        delivered = hooks.count - before
        if delivered < MESSAGES:
            sys.exit(f"bench: pokja delivered {delivered} of {MESSAGES} webhooks")
        # A body of the same size as pokja's events, for the ceiling and Apprise.
        body = json.dumps({"type": "invitation.sent", "meeting": {"title": "Rapat koordinasi",
                           "start": "2027-01-04T09:00:00+07:00", "padding": "x" * 400}})
        import http.client
        began = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", hooks.port)
        for _ in range(MESSAGES):
            connection.request("POST", "/hook", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
        connection.close()
        ceiling_s = time.perf_counter() - began
        import apprise
        from apprise.plugins.custom_json import NotifyJSON
        NotifyJSON.request_rate_per_sec = 0
        sender = apprise.Apprise()
        sender.add(f"json://127.0.0.1:{hooks.port}/hook")
        began = time.perf_counter()
        for n in range(MESSAGES):
            sender.notify(title="Undangan terkirim", body=body)
        apprise_s = time.perf_counter() - began
        return pokja_s, ceiling_s, apprise_s, queue_s
    finally:
        hooks.stop()


def seed(pokja, home, people):
    env = env_for(home)
    os.makedirs(home, exist_ok=True)
    checked([pokja, "init"], env)
    csv = os.path.join(home, "people.csv")
    with open(csv, "w", encoding="utf-8") as handle:
        handle.write("Nama;Email;Tag\n")
        for n in range(people):
            handle.write(f"Peserta {n:04d};peserta{n:04d}@kemensos.example;bench\n")
    checked([pokja, "import", "contacts", csv], env)
    checked([pokja, "group", "add", "bench", "--where", "tag=bench"], env)
    # Every attendee listed in every invitation (the default hides the list above 50 attendees): the
    # heaviest invitation, as measured before guest lists existed.
    checked([pokja, "meeting", "add", "--title", "Rapat Pleno Tim Pokja", "--start", "2027-02-01T09:00",
         "--duration", "3h", "--attendee", "@bench", "--no-remind", "--guest-list", "visible",
         "--description", "Agenda: pembahasan draf rencana kerja dan persiapan Pertemuan Nasional."],
        env)
    return env


def bench_pokja(pokja, work, server):
    home = os.path.join(work, "pokja")
    env = seed(pokja, home, MESSAGES)
    env.update({"POKJA_SMTP_URL": f"smtp://127.0.0.1:{server.port}",
                "POKJA_MAIL_FROM": "Sekretariat Pokja <sekretariat@pokja.example>"})
    began = time.perf_counter()
    done = checked([pokja, "meeting", "invite", "1", "--json"], env)
    elapsed = time.perf_counter() - began
    import json
    delivered = json.loads(done.stdout)["delivered"]
    if delivered != MESSAGES:
        sys.exit(f"bench: pokja delivered {delivered} of {MESSAGES}")
    db = sqlite3.connect(os.path.join(home, "pokja.sqlite"))
    content, subject = db.execute(
        "SELECT b.content, m.subject FROM outbox_message m JOIN outbox_body b ON b.message_id = m.id "
        "ORDER BY m.id LIMIT 1").fetchone()
    db.close()
    return elapsed, content, subject


def bench_documents(pokja, work, server, size=1_048_576):
    """1,000 invitations carrying one agenda of `size` bytes: pokja's time and its database after."""
    home = os.path.join(work, "documents")
    env = seed(pokja, home, MESSAGES)
    env.update({"POKJA_SMTP_URL": f"smtp://127.0.0.1:{server.port}",
                "POKJA_MAIL_FROM": "Sekretariat Pokja <sekretariat@pokja.example>"})
    agenda = os.path.join(home, "agenda.pdf")
    with open(agenda, "wb") as handle:
        handle.write(os.urandom(size))
    checked([pokja, "doc", "add", agenda, "--meeting", "1"], env)
    began = time.perf_counter()
    done = checked([pokja, "meeting", "invite", "1", "--json"], env)
    elapsed = time.perf_counter() - began
    import json
    if json.loads(done.stdout)["delivered"] != MESSAGES:
        sys.exit("bench: pokja did not deliver every invitation with the agenda")
    db = sqlite3.connect(os.path.join(home, "pokja.sqlite"))
    outbox_bytes = db.execute("SELECT sum(length(content)) FROM outbox_body").fetchone()[0]
    document_bytes = db.execute("SELECT sum(length(content)) FROM document").fetchone()[0]
    db.close()
    # As sent: CRLF line ends (text mode read them as "\n").
    sent = checked([pokja, "outbox", "show", "1", "--raw"], env).stdout.replace("\n", "\r\n")
    return elapsed, outbox_bytes, document_bytes, sent


def bench_ceiling(content, server):
    import smtplib
    began = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", server.port) as smtp:
        for n in range(MESSAGES):
            refused = smtp.sendmail("sekretariat@pokja.example", [f"peserta{n:04d}@kemensos.example"],
                                    content.encode("ascii"))
            if refused:
                sys.exit(f"bench: the server refused {refused}")
    return time.perf_counter() - began


def bench_apprise(content, subject, server, work):
    import email
    import email.policy
    import apprise
    from apprise.plugins.email import NotifyEmail
    NotifyEmail.request_rate_per_sec = 0  # its throttle off, as the issue asks
    message = email.message_from_string(content, policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",)).get_content()
    calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    ics = os.path.join(work, "undangan.ics")
    with open(ics, "w", encoding="utf-8") as handle:
        handle.write(calendar.get_content())
    sender = apprise.Apprise()
    for n in range(MESSAGES):
        sender.add(f"mailto://pokja.example:{server.port}?smtp=127.0.0.1&mode=insecure"
                   f"&from=sekretariat@pokja.example&to=peserta{n:04d}@kemensos.example")
    began = time.perf_counter()
    ok = sender.notify(title=subject, body=text, attach=ics)
    elapsed = time.perf_counter() - began
    if not ok:
        sys.exit("bench: Apprise reported a failure")
    return elapsed, apprise.__version__


def idle_database(pokja, work, meetings=10_000, outbox=100_000):
    """10,000 meetings (one-offs imported from .ics) and 100,000 outbox rows (sent)."""
    home = os.path.join(work, "idle")
    env = env_for(home)
    os.makedirs(home, exist_ok=True)
    checked([pokja, "init"], env)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Pokja//bench//EN"]
    # Hourly from March 2027: a reminder a day before each, none due now.
    start = datetime.datetime(2027, 3, 1, 8, 0)
    for n in range(meetings):
        at = start + datetime.timedelta(hours=n)
        lines += ["BEGIN:VEVENT", f"UID:idle-{n}@pokja.invalid",
                  f"DTSTART;TZID=Asia/Jakarta:{at:%Y%m%dT%H%M%S}",
                  f"DTEND;TZID=Asia/Jakarta:{at + datetime.timedelta(minutes=45):%Y%m%dT%H%M%S}",
                  f"SUMMARY:Rapat {n}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    ics = os.path.join(work, "idle.ics")
    with open(ics, "w", encoding="utf-8") as handle:
        handle.write("\r\n".join(lines) + "\r\n")
    checked([pokja, "import-ics", ics], env)
    db = sqlite3.connect(os.path.join(home, "pokja.sqlite"))
    # Every meeting a reminder a day before, already sent; the outbox full of sent messages.
    db.execute("INSERT INTO reminder (meeting_id, offset_seconds) SELECT id, 86400 FROM meeting")
    now = "2026-11-29 00:00:00.000"
    db.executemany(
        "INSERT INTO outbox_message (id, dedupe_key, kind, meeting_id, sender, recipient, message_id, "
        "subject, route, state, attempts, created_at, next_attempt_at, sent_at) "
        "VALUES (?, ?, 'reminder', ?, 'a@pokja.example', 'b@pokja.example', ?, 'Pengingat', 'file', "
        "'sent', 1, ?, ?, ?)",
        ((n + 1, f"bench:{n}", 1 + n % meetings, f"m{n}@pokja.example", now, now, now)
         for n in range(outbox)))
    db.executemany("INSERT INTO outbox_body (message_id, content) VALUES (?, ?)",
                   ((n + 1, "x" * 2000) for n in range(outbox)))
    db.commit()
    db.close()
    return env


def remind_peer(work, runs, count=10_000):
    path = os.path.join(work, "reminders.rem")
    with open(path, "w", encoding="utf-8") as handle:
        start = datetime.date(2026, 1, 5)
        for n in range(count):
            day = start + datetime.timedelta(days=n % 700)
            handle.write(f"REM {day:%Y-%m-%d} AT {8 + n % 9:02d}:00 +1440 MSG Rapat {n}\n")
    remind = shutil.which("remind")
    if not remind:
        return None, None
    probe = subprocess.run([remind, "-h"], capture_output=True, text=True)
    version = next((line.strip() for line in (probe.stdout + probe.stderr).splitlines()
                    if "remind" in line.lower() and any(c.isdigit() for c in line)), "remind")
    # -n: the next occurrence of every reminder, the same work as finding which are due.
    return median_ms([remind, "-n", "-q", path, "2026-11-29"], os.environ.copy(), runs), version


def bench(pokja, repo, work):
    runs = int(os.environ.get("BENCH_RUNS", "10"))
    host = machine()
    load = os.getloadavg()
    server = Server(repo)
    try:
        say(f"{MESSAGES} invitations through pokja, the server's ceiling and Apprise")
        pokja_s, content, subject = bench_pokja(pokja, work, server)
        ceiling_s = bench_ceiling(content, server)
        apprise_s, apprise_version = bench_apprise(content, subject, server, work)
        say(f"{MESSAGES} invitations with a 1 MB agenda through pokja and the server's ceiling")
        docs_s, outbox_bytes, document_bytes, with_agenda = bench_documents(pokja, work, server)
        docs_ceiling_s = bench_ceiling(with_agenda, server)
    finally:
        server.stop()
    say(f"{MESSAGES} signed webhooks through pokja, the server's ceiling and Apprise")
    hook_pokja, hook_ceiling, hook_apprise, hook_queue = bench_webhooks(pokja, work)
    say("remind --due with nothing due: 10,000 meetings, 100,000 outbox rows")
    env = idle_database(pokja, work)
    idle = median_ms([pokja, "remind", "--due"], env, runs)
    peer_ms, peer_version = remind_peer(work, runs)

    rate = lambda seconds: MESSAGES / seconds  # noqa: E731
    share = rate(pokja_s) / rate(ceiling_s) * 100
    apprise_share = rate(apprise_s) / rate(ceiling_s) * 100
    verdict = lambda ok: "met" if ok else "**missed**"  # noqa: E731
    lines = [
        BEGIN,
        "## Notifications: sending 1,000 invitations, and an idle cron run",
        "",
        f"Measured {datetime.date.today()} by `scripts/bench --notify` on {host['cores']} cores "
        f"({host['cpu']}), {host['memory_gb']} GB RAM, load average at start {load[0]:.2f} "
        f"{load[1]:.2f} {load[2]:.2f}. pokja {git_commit(repo)} (release build, `--static-swift-stdlib`), Apprise "
        f"{apprise_version}.",
        "",
        f"Method: one aiosmtpd server on 127.0.0.1 (no TLS, no AUTH, nothing written to disk) takes "
        f"{MESSAGES:,} invitations from each sender in turn. pokja: the whole `pokja meeting invite` "
        "process for a meeting of 1,000 attendees (composing each message in the attendee's language "
        "with its .ics, queueing all in one transaction, delivering over one connection, recording "
        "each outcome). Ceiling: Python's smtplib sending the first of pokja's messages 1,000 times "
        "over one session (the server's own limit). Apprise: `mailto://` with its throttle off "
        "(`request_rate_per_sec = 0`), the same text and the .ics as an attachment, one notify to "
        "1,000 recipients (it opens a connection per mail). Idle cron run: whole-process median of "
        f"{runs} `pokja remind --due` on 10,000 meetings with a reminder each (none due) and "
        "100,000 sent outbox rows; `remind -n -q` (Debian), the next occurrence of each of 10,000 "
        "reminders, for the peer.",
        "",
        "| target | measured | |",
        "| --- | --- | --- |",
        f"| email ≥ 50% of the server's ceiling | {share:.0f}% ({rate(pokja_s):,.0f} vs "
        f"{rate(ceiling_s):,.0f} messages/s) | {verdict(share >= 50)} |",
        f"| (Apprise, for comparison: under 2% expected) | {apprise_share:.1f}% "
        f"({rate(apprise_s):,.0f} messages/s) | |",
    ]
    hook_share = rate(hook_pokja) / rate(hook_ceiling) * 100
    lines.append(
        f"| webhooks ≥ 70% of the server's ceiling | {hook_share:.0f}% ({rate(hook_pokja):,.0f} vs "
        f"{rate(hook_ceiling):,.0f} messages/s) | {verdict(hook_share >= 70)} |")
    lines.append(
        f"| (Apprise `json://`, for comparison) | {rate(hook_apprise) / rate(hook_ceiling) * 100:.0f}% "
        f"({rate(hook_apprise):,.0f} messages/s) | |")
    if peer_ms is not None:
        lines.append(
            f"| `remind --due`, nothing due, no slower than `remind` on 10k reminders | {idle:.1f} ms "
            f"vs {peer_ms:.1f} ms ({peer_version}) | {verdict(idle <= peer_ms)} |")
    else:
        lines.append(f"| `remind --due`, nothing due | {idle:.1f} ms (Debian `remind` not installed) | |")
    lines += [
        "",
        "| sender | 1,000 messages | messages/s |",
        "| --- | ---: | ---: |",
        f"| server ceiling (one smtplib session) | {ceiling_s:.2f} s | {rate(ceiling_s):,.0f} |",
        f"| `pokja meeting invite` (whole process) | {pokja_s:.2f} s | {rate(pokja_s):,.0f} |",
        f"| Apprise `mailto://`, throttle off | {apprise_s:.2f} s | {rate(apprise_s):,.0f} |",
        "",
        "With a 1 MB agenda (`pokja doc add`, random bytes) attached to each of the 1,000 "
        "invitations: the outbox keeps every message without it and the file once, and puts it in "
        "as each message goes.",
        "",
        "| with a 1 MB agenda | 1,000 messages | messages/s | stored |",
        "| --- | ---: | ---: | ---: |",
        f"| server ceiling (one smtplib session, pokja's first message as sent) | "
        f"{docs_ceiling_s:.2f} s | {rate(docs_ceiling_s):,.0f} | |",
        f"| `pokja meeting invite` (whole process) | {docs_s:.2f} s | {rate(docs_s):,.0f} "
        f"({rate(docs_s) / rate(docs_ceiling_s) * 100:.0f}% of the ceiling) | "
        f"{outbox_bytes / 1_048_576:.1f} MB of messages + {document_bytes / 1_048_576:.1f} MB "
        f"for the file (each message as sent: {len(with_agenda) / 1_048_576:.2f} MB, "
        f"{len(with_agenda) * MESSAGES / 1_048_576:,.0f} MB for all) |",
        "",
        "| webhooks (1,000 POSTs) | time | messages/s |",
        "| --- | ---: | ---: |",
        f"| ceiling (http.client, one keep-alive connection) | {hook_ceiling:.2f} s | "
        f"{rate(hook_ceiling):,.0f} |",
        f"| `pokja outbox send` (whole process: claim, sign, POST over curl multi, record) | "
        f"{hook_pokja:.2f} s | {rate(hook_pokja):,.0f} |",
        f"| (`pokja meeting upcoming --invite` before it: 1,000 events rendered and queued, plus one "
        f"failed attempt each) | {hook_queue:.2f} s | |",
        f"| Apprise `json://`, throttle off | {hook_apprise:.2f} s | {rate(hook_apprise):,.0f} |",
        END,
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pokja", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--work")
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="pokja-bench-notify.")
    try:
        section = bench(os.path.abspath(args.pokja), os.path.abspath(args.repo), work)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(section)
    if not args.no_docs:
        write_docs(os.path.join(args.repo, "docs", "performance.md"), section, BEGIN, END)
        say("Wrote the notifications section of docs/performance.md")


if __name__ == "__main__":
    main()
