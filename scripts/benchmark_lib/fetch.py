"""HTTP fetches through a SOCKS5 port, each proved to have left through an exit relay.

The SOCKS5 client is written out here (RFC 1928, no authentication): the destination goes to
the proxy as a hostname (ATYP 3), so nothing is resolved or connected locally. Every response
must carry the test server's X-Peer-Pid header naming one of the exits' processes: a fetch
that reached the server any other way (a bypass) fails the run.
"""

import asyncio
import hashlib
import json
import os
import time
import urllib.request

CHUNK = 256 * 1024
# RFC 1928 section 6 reply codes, for messages a person can act on.
SOCKS_REPLIES = {1: "general failure", 2: "not allowed by ruleset", 3: "network unreachable",
                 4: "host unreachable", 5: "connection refused", 6: "TTL expired",
                 7: "command not supported", 8: "address type not supported"}


class FetchFailed(Exception):
    """A fetch failed, was wrong, or did not come out of an exit; the message says which."""


def run(coroutine):
    return asyncio.run(coroutine)


class Target:
    """The test server's files and the exits' pids, from the network's network.json."""

    def __init__(self, network, timeout):
        http = network["http"]
        self.host, self.port = http["address"], http["port"]
        self.files = {entry["path"]: entry for entry in http["files"]}
        self.exit_pids = {relay["pid"] for relay in network["relays"] if "exit" in relay["roles"]}
        self.timeout = timeout

    async def small(self, socks_port):
        """Time to the first response byte of /small, with its body and exit checked."""
        result = await self._bounded(self._get(socks_port, "/small"), "a /small fetch")
        return result[0]

    async def large(self, socks_port):
        """(seconds from connect to last byte, bytes) for /50M, its SHA-256 checked."""
        result = await self._bounded(self._get(socks_port, "/50M"), "the 50 MiB download",
                                     timeout=max(self.timeout, 1200))
        return result[1], self.files["/50M"]["size"]

    async def concurrent(self, socks_port, count):
        """Seconds until `count` simultaneous /small fetches all succeeded (any failure fails)."""
        started = time.monotonic()
        tasks = [asyncio.ensure_future(self._get(socks_port, "/small")) for _ in range(count)]
        done, pending = await asyncio.wait(tasks, timeout=self.timeout)
        for task in pending:
            task.cancel()
        failures = {}
        for task in done:
            if task.exception() is not None:
                reason = str(task.exception()) or type(task.exception()).__name__
                failures[reason] = failures.get(reason, 0) + 1
        if pending or failures:
            summary = "; ".join(f"{count_} x {reason}" for reason, count_ in
                                sorted(failures.items(), key=lambda item: -item[1])[:3])
            raise FetchFailed(f"{len(pending)} of {count} concurrent fetches unfinished after "
                              f"{self.timeout:.0f} s and {sum(failures.values())} failed "
                              f"({summary or 'none failed outright'})")
        return time.monotonic() - started

    async def _bounded(self, coroutine, what, timeout=None):
        try:
            return await asyncio.wait_for(coroutine, timeout or self.timeout)
        except asyncio.TimeoutError:
            raise FetchFailed(f"{what} took more than {timeout or self.timeout:.0f} s") from None

    async def _get(self, socks_port, path):
        """(ttfb, total seconds) for GET path through the proxy, every check applied."""
        started = time.monotonic()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", socks_port)
        except OSError as error:
            raise FetchFailed(f"cannot connect to the SOCKS port {socks_port}: {error}") from None
        try:
            await socks5_connect(reader, writer, self.host, self.port)
            writer.write(f"GET {path} HTTP/1.0\r\nHost: {self.host}:{self.port}\r\n"
                         "Connection: close\r\n\r\n".encode())
            await writer.drain()
            first = await reader.read(1)
            ttfb = time.monotonic() - started
            if not first:
                raise FetchFailed(f"{path}: the stream closed before any response")
            status, headers = parse_head(first + await reader.readuntil(b"\r\n\r\n"))
            if status != 200:
                raise FetchFailed(f"{path}: HTTP status {status}")
            self.check_exit(path, headers)
            expected = self.files[path]
            digest, received = hashlib.sha256(), 0
            while received < expected["size"]:
                chunk = await reader.read(min(CHUNK, expected["size"] - received))
                if not chunk:
                    raise FetchFailed(f"{path}: body ended after {received} of {expected['size']} bytes")
                digest.update(chunk)
                received += len(chunk)
            if digest.hexdigest() != expected["sha256"]:
                raise FetchFailed(f"{path}: the body's SHA-256 is wrong")
            return ttfb, time.monotonic() - started
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError) as error:
            raise FetchFailed(f"{path}: {type(error).__name__}: {error}") from None
        finally:
            writer.close()

    def check_exit(self, path, headers):
        pid = headers.get("x-peer-pid", "unknown")
        if not pid.isdigit() or int(pid) not in self.exit_pids:
            raise FetchFailed(f"{path} did not leave through an exit: the server saw process "
                              f"{pid} ({headers.get('x-peer-comm', '?')}), not one of the exits "
                              f"{sorted(self.exit_pids)}")


async def socks5_connect(reader, writer, host, port):
    """RFC 1928 CONNECT with the destination as a hostname; raises FetchFailed on refusal."""
    writer.write(b"\x05\x01\x00")
    await writer.drain()
    choice = await reader.readexactly(2)
    if choice != b"\x05\x00":
        raise FetchFailed(f"the SOCKS port refused no-authentication ({choice.hex()})")
    name = host.encode()
    writer.write(b"\x05\x01\x00\x03" + bytes([len(name)]) + name + port.to_bytes(2, "big"))
    await writer.drain()
    reply = await reader.readexactly(4)
    if reply[0] != 5 or reply[1] != 0:
        raise FetchFailed(f"SOCKS CONNECT refused: {SOCKS_REPLIES.get(reply[1], reply[1])}")
    address_length = {1: 4, 4: 16}.get(reply[3])
    if address_length is None:
        address_length = (await reader.readexactly(1))[0]
    await reader.readexactly(address_length + 2)


def parse_head(head):
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise FetchFailed(f"not an HTTP response: {lines[0][:60]!r}")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name:
            headers[name.strip().lower()] = value.strip()
    return int(parts[1]), headers


def prove_direct_is_detected(network):
    """The exit check must be able to fail: a direct fetch has to be attributed to us."""
    http = network["http"]
    url = f"http://{http['address']}:{http['port']}/echo-peer"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=30) as response:
        peer = json.loads(response.read())
    if peer.get("pid") != os.getpid() or peer.get("is_exit"):
        raise SystemExit(f"The test server cannot tell a direct fetch from an exit's ({peer}); "
                         "the exit proof would be meaningless, so nothing was measured.")
