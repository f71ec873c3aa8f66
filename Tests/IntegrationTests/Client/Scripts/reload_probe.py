#!/usr/bin/env python3
"""Control-port and SOCKS helpers for the hot-reload acceptance test (TorctlReloadTests).

`monitor` records every CIRC and STREAM event as one JSON line (with the local time it arrived)
until --max-seconds pass or the control connection ends; the Swift test reads the file while it
runs. `getinfo` and `signal` are one-shot stem calls; `fetch` is one HTTP GET over SOCKS4a or
SOCKS5 (hostnames go to the proxy as text). Every wait is bounded.
"""
import argparse
import hashlib
import json
import socket
import struct
import sys
import threading
import time


def controller(port):
    from stem.control import Controller
    control = Controller.from_port(address="127.0.0.1", port=port)
    control.authenticate(chroot_path=None)
    return control


def monitor(args):
    from stem.control import EventType
    control = controller(args.control)
    out = open(args.out, "a", buffering=1)
    lock = threading.Lock()

    def write(record):
        record["t"] = time.time()
        with lock:
            out.write(json.dumps(record) + "\n")

    def on_circuit(event):
        write({"kind": "CIRC", "id": event.id, "status": event.status,
               "path": [fingerprint for fingerprint, _ in (event.path or [])],
               "reason": event.reason})

    def on_stream(event):
        write({"kind": "STREAM", "id": event.id, "status": event.status, "circuit": event.circ_id,
               "target": event.target, "reason": event.reason})

    control.add_event_listener(on_circuit, EventType.CIRC)
    control.add_event_listener(on_stream, EventType.STREAM)
    write({"kind": "READY"})
    deadline = time.monotonic() + args.max_seconds
    while time.monotonic() < deadline and control.is_alive():
        time.sleep(0.2)
    control.close()


def getinfo(args):
    control = controller(args.control)
    values = {}
    for key in args.keys:
        try:
            values[key] = control.get_info(key)
        except Exception as error:  # an unknown key is an answer, not a crash
            values[key] = None
            values[key + ":error"] = f"{type(error).__name__}: {error}"
    control.close()
    print(json.dumps(values))


def signal(args):
    control = controller(args.control)
    control.signal(args.name)
    control.close()
    print(json.dumps({"signal": args.name}))


def read_exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise RuntimeError(f"proxy closed after {len(data)} of {count} bytes")
        data += chunk
    return data


def socks_connect(args):
    host, port = args.socks.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=args.timeout)
    name = args.host.encode()
    if args.protocol == "socks4a":
        user = (args.user or "").encode()
        sock.sendall(b"\x04\x01" + struct.pack(">H", args.port) + b"\x00\x00\x00\x01" + user + b"\x00" + name + b"\x00")
        reply = read_exactly(sock, 8)
        if reply[1] != 0x5A:
            raise RuntimeError(f"SOCKS4a reply code {reply[1]}")
        return sock
    methods = b"\x02" if args.user else b"\x00"
    sock.sendall(b"\x05\x01" + methods)
    reply = read_exactly(sock, 2)
    if reply[1] == 2:
        user, word = args.user.encode(), ("password-" + args.user).encode()
        sock.sendall(b"\x01" + bytes([len(user)]) + user + bytes([len(word)]) + word)
        if read_exactly(sock, 2)[1] != 0:
            raise RuntimeError("authentication refused")
    elif reply[1] != 0:
        raise RuntimeError(f"no acceptable method {reply!r}")
    sock.sendall(b"\x05\x01\x00\x03" + bytes([len(name)]) + name + struct.pack(">H", args.port))
    head = read_exactly(sock, 4)
    if head[1] != 0:
        raise RuntimeError(f"SOCKS5 reply code {head[1]}")
    skip = {1: 4, 4: 16}.get(head[3])
    if skip is None:
        skip = read_exactly(sock, 1)[0]
    read_exactly(sock, skip + 2)
    return sock


def fetch(args):
    started = time.time()
    try:
        sock = socks_connect(args)
        sock.sendall(f"GET {args.path} HTTP/1.1\r\nHost: {args.host}:{args.port}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        deadline = time.monotonic() + args.timeout
        while time.monotonic() < deadline:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        sock.close()
        head, _, body = data.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
        print(json.dumps({"status": status, "bytes": len(body), "sha256": hashlib.sha256(body).hexdigest(),
                          "started": started, "ended": time.time()}))
    except Exception as error:
        print(json.dumps({"status": 0, "error": f"{type(error).__name__}: {error}",
                          "started": started, "ended": time.time()}))


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("monitor")
    command.add_argument("--control", type=int, required=True)
    command.add_argument("--out", required=True)
    command.add_argument("--max-seconds", type=float, default=900)
    command = commands.add_parser("getinfo")
    command.add_argument("--control", type=int, required=True)
    command.add_argument("keys", nargs="+")
    command = commands.add_parser("signal")
    command.add_argument("--control", type=int, required=True)
    command.add_argument("name")
    command = commands.add_parser("fetch")
    command.add_argument("--socks", required=True)
    command.add_argument("--protocol", choices=["socks5", "socks4a"], default="socks5")
    command.add_argument("--user", default=None)
    command.add_argument("--host", required=True)
    command.add_argument("--port", type=int, required=True)
    command.add_argument("--path", default="/small")
    command.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    {"monitor": monitor, "getinfo": getinfo, "signal": signal, "fetch": fetch}[args.command](args)


if __name__ == "__main__":
    main()
