#!/usr/bin/env python3
"""A small HTTP proxy for Pokja's webhook tests (127.0.0.1, a free port printed on stdout).

Usage: http_proxy.py LOG UPSTREAM_PORT [--refuse-connect]

Every request the proxy receives is appended to LOG as one JSON line: {"method", "target",
"headers"} (header names lower-case). It stands for "the Internet": whatever host a request names,
it is carried to 127.0.0.1:UPSTREAM_PORT (the webhook test server), so a test can use public
addresses and names without a network.

- CONNECT host:port: answers 200 and tunnels the bytes (403 instead with --refuse-connect).
- An absolute-form request (POST http://host/path HTTP/1.1): forwarded in origin form
  (POST /path) with Connection: close, and the answer relayed.
"""
import json
import socket
import sys
import threading
from urllib.parse import urlsplit

log_path = sys.argv[1]
upstream = ("127.0.0.1", int(sys.argv[2]))
refuse_connect = "--refuse-connect" in sys.argv[3:]
lock = threading.Lock()


def note(method, target, headers):
    with lock, open(log_path, "a", encoding="utf-8") as log:
        log.write(json.dumps({"method": method, "target": target, "headers": headers}) + "\n")


def pipe(source, sink):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        try:
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def read_head(client):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(65536)
        if not chunk:
            return None, b""
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    return head.decode("latin-1").split("\r\n"), rest


def handle(client):
    try:
        lines, rest = read_head(client)
        if not lines:
            return
        method, target, version = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        note(method, target, headers)
        if method == "CONNECT":
            if refuse_connect:
                client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                return
            server = socket.create_connection(upstream)
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if rest:
                server.sendall(rest)
        else:
            parts = urlsplit(target)
            path = (parts.path or "/") + ("?" + parts.query if parts.query else "")
            kept = [
                line for line in lines[1:]
                if line.partition(":")[0].strip().lower()
                not in ("connection", "proxy-connection", "proxy-authorization")
            ]
            head = "\r\n".join([f"{method} {path} {version}"] + kept + ["Connection: close"])
            server = socket.create_connection(upstream)
            server.sendall(head.encode("latin-1") + b"\r\n\r\n" + rest)
        back = threading.Thread(target=pipe, args=(server, client), daemon=True)
        back.start()
        pipe(client, server)
        back.join()
        server.close()
    except (OSError, ValueError):
        pass
    finally:
        client.close()


listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(64)
print(listener.getsockname()[1], flush=True)
while True:
    connection, _ = listener.accept()
    threading.Thread(target=handle, args=(connection,), daemon=True).start()
