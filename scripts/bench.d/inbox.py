#!/usr/bin/env python3
"""The inbox benchmark behind `scripts/bench --inbox` (issue 15, "Speed").

1,000 iTIP REPLY mails (Outlook's shape: text, HTML and a base64 `text/calendar; method=REPLY`, about
4 KB each), one from each attendee of a meeting, wait unread in the INBOX of a private Dovecot on
127.0.0.1 (Debian's dovecot-imapd, STARTTLS, a test user). Measured, side by side in one run:
- `pokja inbox fetch` as a whole process: it lists the unread messages, downloads each without marking
  it read, reads it (MIME, iTIP), records each answer in SQLite, marks it read and moves it to the done
  folder. Target: < 30 s. Then an idle run (nothing unread).
- the peer: what a secretariat would otherwise script, Python's imaplib with `email` and `icalendar`
  doing the same IMAP work per message (UID FETCH BODY.PEEK[], parse, UID STORE \\Seen, UID MOVE) and
  nothing else (no database, no matching).
Each side gets its own fresh 1,000 messages. Prints a Markdown report and writes it into
docs/performance.md between <!-- bench:inbox --> and <!-- /bench:inbox -->.
"""
import base64
import datetime
import imaplib
import json
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from notify import HookServer, seed  # noqa: E402
from run import checked, env_for, git_commit, machine, run_benchmark, say  # noqa: E402

BEGIN, END = "<!-- bench:inbox -->", "<!-- /bench:inbox -->"
MESSAGES = 1000
TARGET_S = 30.0
DONE = "Pokja-Diproses"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dovecot:
    """A private Dovecot on 127.0.0.1 with one user and a Maildir (as IMAPTestServer in the tests)."""

    def __init__(self):
        # Its own short folder that others may enter: as root, Dovecot's mail processes run as
        # nobody and walk through it (a private work folder is 0700); socket paths must be short.
        self.dir = tempfile.mkdtemp(prefix="imapbench", dir="/tmp")
        self.maildir = os.path.join(self.dir, "mail", "Maildir")
        for sub in ("base", "state", "mail/Maildir/new", "mail/Maildir/cur", "mail/Maildir/tmp"):
            os.makedirs(os.path.join(self.dir, sub), exist_ok=True)
        os.chmod(self.dir, 0o755)
        self.user, self.password = "pokja-bench", "pw-" + uuid.uuid4().hex
        self.cert = os.path.join(self.dir, "cert.pem")
        key = os.path.join(self.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key, "-out", self.cert], check=True, capture_output=True)
        passwd = os.path.join(self.dir, "passwd")
        with open(passwd, "w") as f:
            f.write(f"{self.user}:{{PLAIN}}{self.password}::::::\n")
        os.chmod(passwd, 0o600)
        os.chmod(key, 0o600)
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            internal, group, login = "root", "root", "nobody"
            self.owner = (nobody.pw_uid, nobody.pw_gid)
            for root, dirs, files in os.walk(os.path.join(self.dir, "mail")):
                for name in [root] + [os.path.join(root, n) for n in dirs + files]:
                    os.chown(name, *self.owner)
            os.chown(os.path.join(self.dir, "mail"), *self.owner)
        else:
            me = pwd.getpwuid(os.geteuid())
            internal = login = me.pw_name
            group = me.pw_name
            self.owner = None
        uid, gid = self.owner or (os.geteuid(), os.getegid())
        self.port = free_port()
        config = os.path.join(self.dir, "dovecot.conf")
        with open(config, "w") as f:
            f.write(f"""base_dir = {self.dir}/base
state_dir = {self.dir}/state
instance_name = pokja-imap-bench
protocols = imap
listen = 127.0.0.1
log_path = {self.dir}/dovecot.log
default_internal_user = {internal}
default_internal_group = {group}
default_login_user = {login}
first_valid_uid = {uid}
first_valid_gid = {gid}
auth_failure_delay = 0
disable_plaintext_auth = no
ssl = yes
ssl_cert = <{self.cert}
ssl_key = <{key}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {passwd}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={self.dir}/mail
}}
mail_location = maildir:{self.maildir}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
""")
        self.process = subprocess.Popen(["/usr/sbin/dovecot", "-F", "-c", config],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.time() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline or self.process.poll() is not None:
                    sys.exit("bench: Dovecot did not start: " + open(
                        os.path.join(self.dir, "dovecot.log")).read()[-2000:])
                time.sleep(0.05)

    @property
    def url(self):
        return f"imap://{self.user}@127.0.0.1:{self.port}/INBOX"

    def deliver(self, messages):
        """Writes the messages into INBOX's new/ as a delivery agent would."""
        for n, raw in enumerate(messages):
            name = f"{time.time_ns()}.M{n}P{os.getpid()}.bench"
            tmp = os.path.join(self.maildir, "tmp", name)
            with open(tmp, "wb") as f:
                f.write(raw)
            if self.owner:
                os.chown(tmp, *self.owner)
            os.rename(tmp, os.path.join(self.maildir, "new", name))

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def reply_mail(uid, attendee, sequence, partstat="ACCEPTED"):
    """A REPLY as Outlook sends it: text and HTML alternatives, the calendar in base64."""
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    calendar = "\r\n".join([
        "BEGIN:VCALENDAR", "METHOD:REPLY", "PRODID:Microsoft Exchange Server 2010", "VERSION:2.0",
        "BEGIN:VTIMEZONE", "TZID:SE Asia Standard Time", "BEGIN:STANDARD", "DTSTART:16010101T000000",
        "TZOFFSETFROM:+0700", "TZOFFSETTO:+0700", "END:STANDARD", "END:VTIMEZONE",
        "BEGIN:VEVENT", f"ATTENDEE;PARTSTAT={partstat};CN=Peserta:mailto:{attendee}",
        "COMMENT;LANGUAGE=id-ID:Saya akan hadir.", "SUMMARY;LANGUAGE=id-ID:Accepted: Rapat Pleno",
        "DTSTART;TZID=SE Asia Standard Time:20270201T090000",
        "DTEND;TZID=SE Asia Standard Time:20270201T120000", f"UID:{uid}", "CLASS:PUBLIC",
        "PRIORITY:5", f"DTSTAMP:{stamp}", "TRANSP:OPAQUE", "STATUS:CONFIRMED",
        f"SEQUENCE:{sequence}", "LOCATION;LANGUAGE=id-ID:Ruang Rapat Lt 7", "END:VEVENT",
        "END:VCALENDAR", ""])
    encoded = base64.encodebytes(calendar.encode()).decode().replace("\n", "\r\n")
    boundary = "_000_" + uuid.uuid4().hex
    text = "Saya akan hadir.\r\n" + ("Terima kasih atas undangannya. " * 12) + "\r\n"
    html = "<html><body><p>" + text.replace("\r\n", "<br>") + "</p></body></html>\r\n"
    return "\r\n".join([
        f"From: Peserta <{attendee}>", "To: Sekretariat Pokja <sekretariat@pokja.example>",
        "Subject: Accepted: Rapat Pleno Tim Pokja",
        "Date: " + datetime.datetime.now(datetime.timezone.utc).strftime("%a, %d %b %Y %H:%M:%S +0000"),
        f"Message-ID: <{uuid.uuid4().hex}@outlook.example>", "MIME-Version: 1.0",
        "Thread-Topic: Rapat Pleno Tim Pokja", "X-MS-Has-Attach:", "Accept-Language: id-ID, en-US",
        f'Content-Type: multipart/alternative; boundary="{boundary}"', "",
        f"--{boundary}", 'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: 7bit", "", text,
        f"--{boundary}", 'Content-Type: text/html; charset="utf-8"',
        "Content-Transfer-Encoding: 7bit", "", html,
        f"--{boundary}", 'Content-Type: text/calendar; charset="utf-8"; method=REPLY',
        "Content-Transfer-Encoding: base64", "", encoded,
        f"--{boundary}--", ""]).encode()


def peer(server):
    """imaplib + email + icalendar doing the same IMAP work: (seconds, answers read)."""
    import email
    import email.policy
    import icalendar
    began = time.perf_counter()
    imap = imaplib.IMAP4("127.0.0.1", server.port)
    imap.starttls(ssl.create_default_context(cafile=server.cert))
    imap.login(server.user, server.password)
    imap.create(DONE + "-peer")
    imap.select("INBOX")
    _, data = imap.uid("SEARCH", None, "UNSEEN")
    answers = 0
    for uid in data[0].split():
        _, parts = imap.uid("FETCH", uid, "(BODY.PEEK[])")
        message = email.message_from_bytes(parts[0][1], policy=email.policy.default)
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                calendar = icalendar.Calendar.from_ical(part.get_content())
                for event in calendar.walk("VEVENT"):
                    attendee = event.get("ATTENDEE")
                    if attendee is not None and attendee.params.get("PARTSTAT"):
                        answers += 1
        imap.uid("STORE", uid, "+FLAGS", "(\\Seen)")
        imap.uid("MOVE", uid, DONE + "-peer")
    imap.logout()
    return time.perf_counter() - began, answers


def timed(command, env):
    """Whole-process wall time (s), peak RSS (MB) and the finished process."""
    began = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", "-o", "/tmp/pokja-bench-inbox.time"] + command,
                          env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - began
    text = open("/tmp/pokja-bench-inbox.time").read()
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
    return elapsed, rss, done


def bench(pokja, repo, work, args):
    say(f"Seeding a meeting with {MESSAGES} attendees")
    home = os.path.join(work, "pokja")
    env = seed(pokja, home, MESSAGES)
    meeting = json.loads(checked([pokja, "meeting", "show", "1", "--json"], env).stdout)
    attendees = [a["email"] for a in meeting["attendees"]]
    server = Dovecot()
    try:
        env.update({"POKJA_IMAP_URL": server.url, "POKJA_IMAP_PASSWORD": server.password,
                    "POKJA_IMAP_CA_FILE": server.cert})
        say(f"Delivering {MESSAGES} replies to Dovecot; pokja inbox fetch")
        server.deliver(reply_mail(meeting["uid"], a, meeting["sequence"]) for a in attendees)
        first_s, first_rss, done = timed([pokja, "inbox", "fetch", "--json"], env)
        if done.returncode != 0:
            sys.exit(f"bench: pokja inbox fetch failed ({done.returncode}): {done.stderr[-2000:]}")
        report = json.loads(done.stdout)
        recorded = sum(1 for e in report["entries"] for i in e["items"] if i["outcome"] == "recorded")
        if recorded != MESSAGES:
            sys.exit(f"bench: pokja recorded {recorded} of {MESSAGES} answers")
        accepted = sum(1 for a in json.loads(checked([pokja, "meeting", "show", "1", "--json"],
                                                      env).stdout)["attendees"]
                       if a["participation"] == "ACCEPTED")
        idle_s, _, _ = timed([pokja, "inbox", "fetch"], env)
        say("Everyone declines by mail, with a channel wanting reply.received on 127.0.0.1")
        hooks = HookServer()
        try:
            env["POKJA_HOOK_SECRET"] = "whsec_" + base64.b64encode(b"bench-secret-bench-secret-32byte").decode()
            checked([pokja, "channel", "add", "grup", "--webhook",
                     f"http://127.0.0.1:{hooks.port}/hook", "--events", "reply.received",
                     "--secret-env", "POKJA_HOOK_SECRET"],
                    dict(env, POKJA_CONFIG=allow_private(home)))
            env["POKJA_CONFIG"] = allow_private(home)
            server.deliver(reply_mail(meeting["uid"], a, meeting["sequence"], "DECLINED")
                           for a in attendees)
            hooked_s, hooked_rss, done = timed([pokja, "inbox", "fetch"], env)
            if done.returncode != 0:
                sys.exit(f"bench: pokja inbox fetch with a channel failed: {done.stderr[-2000:]}")
            # The events wait in the outbox for `outbox send` (cron's `remind --due` does it).
            posting_s, _, done = timed([pokja, "outbox", "send"], env)
            if done.returncode != 0:
                sys.exit(f"bench: pokja outbox send failed: {done.stderr[-2000:]}")
            posted = hooks.count
        finally:
            hooks.stop()
        if posted != MESSAGES:
            sys.exit(f"bench: the channel got {posted} of {MESSAGES} reply.received events")
        say("Delivering the same number again; the peer (imaplib + email + icalendar)")
        server.deliver(reply_mail(meeting["uid"], a, meeting["sequence"]) for a in attendees)
        peer_s, peer_answers = peer(server)
        if peer_answers != MESSAGES:
            sys.exit(f"bench: the peer read {peer_answers} of {MESSAGES} answers")
    finally:
        server.stop()
        shutil.rmtree(server.dir, ignore_errors=True)
    info = machine()
    verdict = "met" if first_s < TARGET_S else "NOT met"
    return "\n".join([
        BEGIN,
        "## Replies from the inbox (`scripts/bench --inbox`, issue 15)",
        "",
        f"{datetime.date.today().isoformat()}, commit {git_commit(repo)}, {info['cpu']}, "
        f"{info['cores']} cores, {info['memory_gb']} GB; Dovecot {dovecot_version()} on 127.0.0.1 "
        "(IMAP with STARTTLS, Maildir).",
        "",
        f"{MESSAGES:,} iTIP REPLY mails in Outlook's shape (text, HTML, base64 calendar; about "
        f"{len(reply_mail('x@y', 'a@b', 0)) // 100 / 10:.1f} KB each), one per attendee of one meeting, "
        "unread in the INBOX. Each side gets its own fresh copies.",
        "",
        "| run | wall time | per message | peak RSS | notes |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| `pokja inbox fetch` | {first_s:.2f} s | {first_s / MESSAGES * 1000:.1f} ms | "
        f"{first_rss:.0f} MB | {recorded:,} answers recorded in SQLite, {accepted:,} attendees now "
        "accepted; each message downloaded unread, read, recorded, marked read and moved |",
        f"| `pokja inbox fetch`, every answer changed, a channel taking `reply.received` | "
        f"{hooked_s:.2f} s | {hooked_s / MESSAGES * 1000:.1f} ms | {hooked_rss:.0f} MB | 1,000 "
        "answers changed to declined, 1,000 `reply.received` events queued |",
        f"| then `pokja outbox send` | {posting_s:.2f} s | {posting_s / MESSAGES * 1000:.1f} ms | – | "
        "the 1,000 signed webhooks posted to a local HTTP server |",
        f"| `pokja inbox fetch`, nothing unread | {idle_s * 1000:.0f} ms | – | – | the cron run of "
        "a quiet five minutes |",
        f"| peer: imaplib + email + icalendar | {peer_s:.2f} s | {peer_s / MESSAGES * 1000:.1f} ms "
        "| – | the same IMAP work per message and parsing, no database, no matching |",
        "",
        f"Target < {TARGET_S:.0f} s for {MESSAGES:,}: **{verdict}** ({first_s:.2f} s). pokja / peer: "
        f"**{first_s / peer_s:.2f}×** the peer's time (below 1 is faster), while also recording every "
        "answer. pokja files messages a hundred at a time (one `UID STORE` and one `UID MOVE` per "
        "batch and folder, after their answers are stored); the peer, as a script would, one "
        "message at a time.",
        END,
    ])


def allow_private(home):
    """A configuration letting channels post to 127.0.0.1 (the local hook server)."""
    path = os.path.join(home, "config-bench.toml")
    with open(path, "w") as f:
        f.write("[webhooks]\nallow_private_webhooks = true\n")
    return path


def dovecot_version():
    try:
        return subprocess.run(["/usr/sbin/dovecot", "--version"], capture_output=True,
                              text=True).stdout.split()[0]
    except (OSError, IndexError):
        return "?"


if __name__ == "__main__":
    run_benchmark(bench, "inbox", BEGIN, END)
