#!/usr/bin/env python3
"""A plain-Python SOCKS client the integration tests drive against `torctl run`.

Every hostname is sent to the proxy as text (SOCKS5 ATYP 3 or SOCKS4a); nothing here resolves a
name itself. Each subcommand prints one JSON object on stdout. Every wait is bounded.
"""
import argparse
import asyncio
import hashlib
import json
import random
import socket
import struct
import sys
import time


async def socks5_connect(proxy, host, port, username=None, password=None, timeout=60):
    reader, writer = await asyncio.wait_for(asyncio.open_connection(*proxy), timeout)
    methods = b"\x00" if username is None else b"\x02"
    writer.write(b"\x05" + bytes([len(methods)]) + methods)
    reply = await asyncio.wait_for(reader.readexactly(2), timeout)
    if reply[0] != 5:
        raise RuntimeError(f"bad greeting reply {reply!r}")
    if reply[1] == 2:
        user, word = username.encode(), password.encode()
        writer.write(b"\x01" + bytes([len(user)]) + user + bytes([len(word)]) + word)
        status = await asyncio.wait_for(reader.readexactly(2), timeout)
        if status[1] != 0:
            raise RuntimeError("authentication refused")
    elif reply[1] != 0:
        raise RuntimeError(f"no acceptable method {reply!r}")
    name = host.encode()
    writer.write(b"\x05\x01\x00\x03" + bytes([len(name)]) + name + struct.pack(">H", port))
    head = await asyncio.wait_for(reader.readexactly(4), timeout)
    if head[1] != 0:
        writer.close()
        raise RuntimeError(f"SOCKS5 reply code {head[1]}")
    skip = {1: 4, 4: 16}.get(head[3])
    if skip is None:
        length = (await asyncio.wait_for(reader.readexactly(1), timeout))[0]
        skip = length
    await asyncio.wait_for(reader.readexactly(skip + 2), timeout)
    return reader, writer


async def http_get(proxy, host, port, path, username=None, password=None, timeout=120):
    reader, writer = await socks5_connect(proxy, host, port, username, password, timeout)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        data = await asyncio.wait_for(reader.read(-1), timeout)
    finally:
        writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:] if ":" in l)}
    return int(lines[0].split()[1]), headers, body


def proxy_of(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


async def concurrent(args):
    proxy = proxy_of(args.socks)
    exit_pids = set(args.exit_pids.split(",")) if args.exit_pids else set()
    started = time.monotonic()

    async def one(index):
        try:
            status, headers, body = await http_get(proxy, args.host, args.port, args.path, timeout=args.timeout)
            if status != 200:
                return f"{index}: HTTP {status}"
            if hashlib.sha256(body).hexdigest() != args.sha256:
                return f"{index}: body digest mismatch ({len(body)} bytes)"
            if exit_pids and headers.get("x-peer-pid") not in exit_pids:
                return f"{index}: came from pid {headers.get('x-peer-pid')}, not an exit"
            return None
        except Exception as error:  # reported, never raised: the count is the result
            return f"{index}: {type(error).__name__}: {error}"

    results = await asyncio.gather(*(one(i) for i in range(args.count)))
    failures = [r for r in results if r]
    print(json.dumps({"ok": args.count - len(failures), "failed": failures[:20],
                      "seconds": round(time.monotonic() - started, 3)}))


async def malformed(args):
    proxy = proxy_of(args.socks)
    rng = random.Random(args.seed)
    kinds = {"random": 0, "truncated": 0, "slow": 0, "http": 0}
    valid = b"\x05\x01\x00" + b"\x05\x01\x00\x03" + bytes([9]) + b"127.0.0.1" + struct.pack(">H", args.port)

    async def one(index):
        choice = rng.choice(["random", "random", "truncated", "truncated", "slow", "http"])
        kinds[choice] += 1
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(*proxy), 10)
        except Exception as error:
            return f"connect {index}: {error}"
        try:
            if choice == "random":
                writer.write(bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 600))))
            elif choice == "truncated":
                writer.write(valid[: rng.randint(1, len(valid) - 1)])
            elif choice == "http":
                writer.write(b"GET / HTTP/1.1\r\nHost: example\r\n\r\n")
            else:
                for byte in valid[: rng.randint(1, len(valid) - 1)]:
                    writer.write(bytes([byte]))
                    await writer.drain()
                    await asyncio.sleep(0.01)
            await writer.drain()
            # Whatever the listener answers (an error reply or a close) is fine; a hang is not
            # ours to wait out: close after a short read.
            try:
                await asyncio.wait_for(reader.read(512), 0.5)
            except asyncio.TimeoutError:
                pass
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()
        return None

    failures = []
    for batch in range(0, args.count, 100):
        results = await asyncio.gather(*(one(i) for i in range(batch, min(args.count, batch + 100))))
        failures += [r for r in results if r]
    status, headers, body = await http_get(proxy, args.host, args.port, "/small", timeout=120)
    print(json.dumps({"sent": args.count, "kinds": kinds, "connect_failures": failures[:20],
                      "after_status": status, "after_sha256": hashlib.sha256(body).hexdigest()}))


async def isolation(args):
    # stem reports each stream's circuit; fetches run one at a time so each SUCCEEDED event
    # belongs to the fetch that caused it.
    from stem.control import Controller, EventType
    proxy = proxy_of(args.socks)
    events = []
    controller = Controller.from_port(address="127.0.0.1", port=args.control)
    controller.authenticate(chroot_path=None)
    controller.add_event_listener(lambda event: events.append(event), EventType.STREAM)
    results = []
    for username in args.users.split(","):
        before = len(events)
        status, _, _ = await http_get(proxy, args.host, args.port, "/echo-peer", username=username,
                                      password="password-" + username, timeout=120)
        deadline = time.monotonic() + 10
        circuit = None
        while time.monotonic() < deadline and circuit is None:
            for event in events[before:]:
                if event.status == "SUCCEEDED":
                    circuit = event.circ_id
            await asyncio.sleep(0.05)
        results.append({"user": username, "status": status, "circuit": circuit})
    controller.close()
    print(json.dumps({"results": results}))


async def departure(args):
    # Clients that send CONNECT and leave before the reply, each with its own username (so some
    # wait for a circuit build) and a different pause (so they leave in every phase: waiting for
    # a circuit, BEGIN sent, just connected). Half go to a loopback port whose accept queue is
    # full, where the exit's connect hangs and BEGIN is never answered while the test runs.
    # Every stream must end soon after its client left.
    from stem.control import Controller, EventType
    proxy = proxy_of(args.socks)
    blackhole = socket.socket()
    blackhole.bind(("127.0.0.1", 0))
    blackhole.listen(0)
    silent_port = blackhole.getsockname()[1]
    fillers = []
    for _ in range(3):  # Linux queues backlog + 1 connections, then drops SYNs
        filler = socket.socket()
        filler.setblocking(False)
        try:
            filler.connect(("127.0.0.1", silent_port))
        except BlockingIOError:
            pass
        fillers.append(filler)
    events = []
    controller = Controller.from_port(address="127.0.0.1", port=args.control)
    controller.authenticate(chroot_path=None)
    controller.add_event_listener(lambda event: events.append((event.id, event.status)), EventType.STREAM)

    async def leave(index):
        reader, writer = await asyncio.wait_for(asyncio.open_connection(*proxy), 30)
        user, word = f"leaver-{index}".encode(), b"password"
        writer.write(b"\x05\x01\x02")
        await asyncio.wait_for(reader.readexactly(2), 30)
        writer.write(b"\x01" + bytes([len(user)]) + user + bytes([len(word)]) + word)
        await asyncio.wait_for(reader.readexactly(2), 30)
        name = args.host.encode()
        port = silent_port if index % 2 else args.port
        writer.write(b"\x05\x01\x00\x03" + bytes([len(name)]) + name + struct.pack(">H", port))
        await writer.drain()
        await asyncio.sleep((index % 10) * 0.02)
        writer.close()

    await asyncio.gather(*(leave(i) for i in range(args.count)))
    left = time.monotonic()
    remaining = None
    while time.monotonic() < left + args.timeout:
        remaining = controller.get_info("stream-status")
        if not remaining.strip():
            break
        await asyncio.sleep(0.05)
    cleared_after = time.monotonic() - left
    await asyncio.sleep(0.5)  # let the last events arrive
    opened = {id for id, status in events if status in ("NEW", "NEWRESOLVE")}
    ended = {id for id, status in events if status in ("CLOSED", "FAILED")}
    fetch_started = time.monotonic()
    status, _, _ = await http_get(proxy, args.host, args.port, "/small", timeout=120)
    fetch_seconds = time.monotonic() - fetch_started
    controller.close()
    for filler in fillers:
        filler.close()
    blackhole.close()
    print(json.dumps({"opened": len(opened), "unended": sorted(opened - ended),
                      "remaining": remaining.strip() if remaining else "", "cleared_after": cleared_after,
                      "after_status": status, "after_seconds": fetch_seconds}))


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("concurrent", "malformed", "isolation", "departure"):
        command = commands.add_parser(name)
        command.add_argument("--socks", required=True)
        command.add_argument("--host", required=True)
        command.add_argument("--port", type=int, required=True)
    commands.choices["concurrent"].add_argument("--path", default="/small")
    commands.choices["concurrent"].add_argument("--count", type=int, default=200)
    commands.choices["concurrent"].add_argument("--sha256", required=True)
    commands.choices["concurrent"].add_argument("--exit-pids", default="")
    commands.choices["concurrent"].add_argument("--timeout", type=float, default=120)
    commands.choices["malformed"].add_argument("--count", type=int, default=1000)
    commands.choices["malformed"].add_argument("--seed", type=int, default=1)
    commands.choices["isolation"].add_argument("--control", type=int, required=True)
    commands.choices["isolation"].add_argument("--users", required=True)
    commands.choices["departure"].add_argument("--control", type=int, required=True)
    commands.choices["departure"].add_argument("--count", type=int, default=30)
    commands.choices["departure"].add_argument("--timeout", type=float, default=10)
    args = parser.parse_args()
    asyncio.run({"concurrent": concurrent, "malformed": malformed, "isolation": isolation,
                 "departure": departure}[args.command](args))


if __name__ == "__main__":
    main()
