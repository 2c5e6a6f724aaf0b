#!/usr/bin/env python3
"""A real SMTP server for Pokja's tests, built on aiosmtpd.

Listens on 127.0.0.1, prints exactly one line `READY <port>` on stdout once it accepts connections, and
runs until SIGTERM, SIGINT or end of file on stdin (so it dies with the test process that started it).

Options:
  --port N             port to bind; 0 (the default) picks a free one
  --tls-cert/--tls-key PEM certificate and key: STARTTLS is offered
  --require-starttls   refuse everything but EHLO/HELO/NOOP/QUIT/STARTTLS before STARTTLS
  --implicit-tls       TLS from the first byte (SMTPS, port 465 style) instead of STARTTLS
  --auth               require AUTH (PLAIN or LOGIN) before MAIL; the expected user and password come from
                       the environment variables SMTP_TEST_USER and SMTP_TEST_PASSWORD (never argv)
  --out DIR            write each accepted message as DIR/NNNN.eml (the raw bytes received, after
                       dot-unstuffing) and then DIR/NNNN.json:
                         {"number": 1, "mail_from": "a@x", "rcpt_tos": ["b@y"], "peer": ["127.0.0.1", 5],
                          "connection": 1, "tls": true, "authenticated_as": "user" | null}
                       `connection` numbers the TCP connections the server accepted (1, 2, ...), so a test
                       can tell how many connections a batch used. DIR/connections holds the total number
                       of connections accepted so far, DIR/data_commands the number of DATA commands.
                       The files are written atomically (rename).
  --reject-rcpt ADDR   answer `550 5.1.1` to RCPT TO for ADDR (repeatable; case-insensitive)
  --tempfail-rcpt ADDR answer `450 4.2.0` to RCPT TO for ADDR (repeatable; case-insensitive)
  --delay-data SECONDS wait this long before answering each DATA (a slow server)
  --tempfail-data N    answer `451 4.3.0` to the first N DATA commands (the server "tries later")
  --drop-data N        close the connection without answering during the first N DATA commands
  --refuse-mail N      answer `552 5.3.4` (message too large) to the Nth MAIL FROM (repeatable); SIZE is
                       advertised, as by a server with a size limit
  --refuse-rcpt-policy ADDR
                       answer `550 5.7.1` (refused by policy) to RCPT TO for ADDR (repeatable)
  --refuse-content ADDR
                       answer `554 5.7.1` (message refused) after the DATA of a message to ADDR
  --stall-every N      answer every Nth DATA (counted over all connections) only after --stall-seconds
                       (default 3): a server that stalls now and then
  --throttle BYTES     take at most BYTES bytes a second from each client (a slow office uplink): the
                       server listens behind a small proxy that reads at that rate
  --freeze-after BYTES behind that proxy, stop taking anything from a connection once BYTES have come
                       through it (an uplink that hangs mid-message); with --throttle 0, full speed until
  --greylist-rcpt ADDR answer `451 4.7.1` (greylisted) to RCPT TO for ADDR (repeatable)
Each message's .json also holds "received_at" (Unix seconds, when the server accepted it).
"""

import argparse
import asyncio
import json
import os
import signal
import ssl
import sys
import threading
import time

try:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
except ImportError as error:  # pragma: no cover - reported to the Swift test
    sys.stderr.write(
        f"aiosmtpd is not installed ({error}): run scripts/test, which installs aiosmtpd "
        "(or: python3 -m pip install aiosmtpd)\n")
    sys.exit(3)


def write_atomically(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


class State:
    """Counters shared by the connections (all run on the controller's one event-loop thread)."""

    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.lock = threading.Lock()
        self.connections = 0
        self.messages = 0

    def reset_connections(self):
        with self.lock:
            self.connections = 0
        self.write_connection_count(0)

    def next_connection(self):
        with self.lock:
            self.connections += 1
            number = self.connections
        self.write_connection_count(number)
        return number

    def write_connection_count(self, number):
        if self.out_dir:
            write_atomically(os.path.join(self.out_dir, "connections"), f"{number}\n".encode())

    def next_message(self):
        with self.lock:
            self.messages += 1
            return self.messages


class Handler:
    def __init__(self, state, reject, tempfail, delay=0.0, tempfail_data=0, drop_data=0,
                 refuse_mail=(), refuse_policy=(), refuse_content=()):
        self.state = state
        self.reject = {address.lower() for address in reject}
        self.tempfail = {address.lower() for address in tempfail}
        self.delay = delay
        self.tempfail_data = tempfail_data
        self.drop_data = drop_data
        self.data_commands = 0
        self.refuse_mail = set(refuse_mail)
        self.refuse_policy = {address.lower() for address in refuse_policy}
        self.refuse_content = {address.lower() for address in refuse_content}
        self.mail_commands = 0
        self.stall_every = 0
        self.greylist = set()
        self.stall_seconds = 3.0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.mail_commands += 1
        if self.mail_commands in self.refuse_mail:
            return "552 5.3.4 Message size exceeds fixed maximum message size"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if address.lower() in self.greylist:
            return f"451 4.7.1 <{address}>: Recipient address rejected: Greylisted, try again later"
        if address.lower() in self.refuse_policy:
            return f"550 5.7.1 <{address}>: Recipient address rejected: Access denied"
        if address.lower() in self.tempfail:
            return f"450 4.2.0 <{address}>: Recipient address temporarily unavailable"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_commands += 1
        if self.state.out_dir:
            write_atomically(
                os.path.join(self.state.out_dir, "data_commands"), f"{self.data_commands}\n".encode())
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.stall_every and self.data_commands % self.stall_every == 0:
            await asyncio.sleep(self.stall_seconds)
        if self.data_commands <= self.drop_data:
            # Gone mid-DATA: the client never hears whether the message was taken (it was not).
            session.transport.close() if getattr(session, "transport", None) else server.transport.close()
            return "421 4.3.2 Connection dropped"
        if self.data_commands <= self.drop_data + self.tempfail_data:
            return "451 4.3.0 Try again later"
        if any(address.lower() in self.refuse_content for address in envelope.rcpt_tos):
            return "554 5.7.1 Message refused: content rejected by policy"
        number = self.state.next_message()
        if self.state.out_dir:
            base = os.path.join(self.state.out_dir, f"{number:04d}")
            raw = envelope.original_content
            if raw is None:
                raw = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
            write_atomically(base + ".eml", raw)
            peer = session.peer
            meta = {
                "number": number,
                "mail_from": envelope.mail_from,
                "rcpt_tos": list(envelope.rcpt_tos),
                "peer": list(peer) if isinstance(peer, tuple) else peer,
                "connection": getattr(server, "connection_number", None),
                "tls": session.ssl is not None or IMPLICIT_TLS,
                "authenticated_as": getattr(server, "authenticated_user", None),
                "received_at": time.time(),
            }
            # The .json is written last: its presence means the message is complete.
            write_atomically(base + ".json", (json.dumps(meta, indent=2) + "\n").encode())
        return f"250 2.0.0 Ok: queued as {number:04d}"


IMPLICIT_TLS = False


class CountingController(Controller):
    """Numbers each accepted TCP connection: aiosmtpd builds one SMTP object per connection."""

    def __init__(self, state, *args, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

    def factory(self):
        server = SMTP(self.handler, **self.SMTP_kwargs)
        server.connection_number = self.state.next_connection()
        server.authenticated_user = None
        return server


def make_authenticator(user, password):
    def authenticator(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            login = auth_data.login.decode("utf-8", "replace")
            given = auth_data.password.decode("utf-8", "replace")
            if login == user and given == password:
                server.authenticated_user = login
                return AuthResult(success=True)
        # handled=False: aiosmtpd answers "535 5.7.8 Authentication credentials invalid" itself. With
        # handled=True (the default) nothing is sent and the client hangs until its timeout.
        return AuthResult(success=False, handled=False)

    return authenticator


def main():
    parser = argparse.ArgumentParser(description="aiosmtpd-based SMTP server for Pokja's tests")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--require-starttls", action="store_true")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--auth", action="store_true")
    parser.add_argument("--out")
    parser.add_argument("--reject-rcpt", action="append", default=[])
    parser.add_argument("--tempfail-rcpt", action="append", default=[])
    parser.add_argument("--delay-data", type=float, default=0.0)
    parser.add_argument("--tempfail-data", type=int, default=0)
    parser.add_argument("--drop-data", type=int, default=0)
    parser.add_argument("--refuse-mail", type=int, action="append", default=[])
    parser.add_argument("--refuse-rcpt-policy", action="append", default=[])
    parser.add_argument("--refuse-content", action="append", default=[])
    parser.add_argument("--throttle", type=int, default=0)
    parser.add_argument("--stall-every", type=int, default=0)
    parser.add_argument("--freeze-after", type=int, default=0)
    parser.add_argument("--greylist-rcpt", action="append", default=[])
    parser.add_argument("--stall-seconds", type=float, default=3.0)
    args = parser.parse_args()

    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    if args.require_starttls and not args.tls_cert:
        parser.error("--require-starttls needs --tls-cert and --tls-key")
    if args.implicit_tls and (not args.tls_cert or args.require_starttls):
        parser.error("--implicit-tls needs --tls-cert and --tls-key, and no --require-starttls")
    global IMPLICIT_TLS
    IMPLICIT_TLS = args.implicit_tls
    if args.out:
        os.makedirs(args.out, exist_ok=True)

    tls_context = None
    if args.tls_cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)

    # SMTPS: the controller wraps every connection in TLS; no STARTTLS is offered inside it.
    server_tls = tls_context if args.implicit_tls else None
    if args.implicit_tls:
        tls_context = None
    smtp_options = {
        "decode_data": False,
        "enable_SMTPUTF8": False,
        "tls_context": tls_context,
        "require_starttls": args.require_starttls,
        "ident": "Pokja test SMTP server",
    }
    if args.auth:
        user = os.environ.get("SMTP_TEST_USER")
        password = os.environ.get("SMTP_TEST_PASSWORD")
        if not user or not password:
            parser.error("--auth needs SMTP_TEST_USER and SMTP_TEST_PASSWORD in the environment")
        smtp_options.update(
            authenticator=make_authenticator(user, password),
            auth_required=True,
            # AUTH only over TLS when TLS is available, as a real server would.
            auth_require_tls=tls_context is not None,
        )

    state = State(args.out)
    handler = Handler(
        state, args.reject_rcpt, args.tempfail_rcpt, delay=args.delay_data,
        tempfail_data=args.tempfail_data, drop_data=args.drop_data,
        refuse_mail=args.refuse_mail, refuse_policy=args.refuse_rcpt_policy,
        refuse_content=args.refuse_content)
    handler.stall_every = args.stall_every
    handler.greylist = {address.lower() for address in args.greylist_rcpt}
    handler.stall_seconds = args.stall_seconds
    if args.refuse_mail:
        # A server with a size limit says so in EHLO (SIZE), and libcurl then declares each message's.
        smtp_options["data_size_limit"] = 50 * 1024 * 1024
    controller = CountingController(
        state, handler, hostname="127.0.0.1", port=args.port, ssl_context=server_tls,
        **smtp_options)

    # Port 0: bind a throwaway socket to learn a free port (aiosmtpd needs a concrete one for its
    # self-test connection). A different process could grab it in between, so retry a few times.
    attempts = 0
    while True:
        if args.port == 0:
            import socket

            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
                probe.bind(("127.0.0.1", 0))
                controller.port = probe.getsockname()[1]
        try:
            controller.start()
            break
        except OSError:
            attempts += 1
            controller._thread = None
            if args.port != 0 or attempts >= 5:
                raise
    # aiosmtpd's start() opens one connection of its own to check the server: do not count it.
    state.reset_connections()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    def watch_stdin():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except Exception:
            pass
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()

    port = controller.port
    if args.throttle > 0 or args.freeze_after > 0:
        port = start_throttling_proxy(controller.port, args.throttle, args.freeze_after)
    sys.stdout.write(f"READY {port}\n")
    sys.stdout.flush()
    while not stop.wait(0.2):
        pass
    controller.stop()


def start_throttling_proxy(target_port, bytes_per_second, freeze_after=0):
    """A TCP proxy on a free loopback port that passes the client's bytes on at `bytes_per_second`
    (0: at once) and the server's at once: a slow uplink between pokja and the server. With
    `freeze_after`, it takes nothing more from a connection once that many bytes came through it
    (an uplink that hangs). TLS passes through untouched. Returns the proxy's port."""
    import socket

    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder = {}

    async def pump(reader, writer, rate, freeze=0):
        passed = 0
        try:
            while True:
                if freeze and passed >= freeze:
                    # Hung: read nothing more; the client's bytes pile up until its buffers are full.
                    await asyncio.sleep(3600)
                limit = min(4096, max(rate // 20, 1)) if rate else 65536
                if freeze:
                    limit = min(limit, freeze - passed)
                chunk = await reader.read(limit)
                if not chunk:
                    break
                writer.write(chunk)
                await writer.drain()
                passed += len(chunk)
                if rate:
                    await asyncio.sleep(len(chunk) / rate)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            try:
                writer.close()
            except Exception:
                pass

    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            pump(client_reader, server_writer, bytes_per_second, freeze_after),
            pump(server_reader, client_writer, 0))

    async def serve():
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            free = probe.getsockname()[1]
        server = await asyncio.start_server(handle, "127.0.0.1", free)
        holder["port"] = free
        ready.set()
        async with server:
            await server.serve_forever()

    threading.Thread(target=lambda: loop.run_until_complete(serve()), daemon=True).start()
    ready.wait(10)
    return holder["port"]


if __name__ == "__main__":
    main()
