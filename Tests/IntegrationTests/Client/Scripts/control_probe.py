#!/usr/bin/env python3
"""Drives a running client's control port with stem (Debian's python3-stem) the way a
controller would, and prints one JSON object. Every wait is bounded."""
import json
import socket
import subprocess
import sys
import time

from stem import Signal
from stem.control import Controller, EventType


def fetch(socks, url):
    done = subprocess.run(["/usr/bin/curl", "--silent", "--max-time", "60", "--socks5-hostname", socks, url],
                          capture_output=True, timeout=90)
    return done.returncode


def wait_for(events, start, predicate, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for event in events[start:]:
            if predicate(event):
                return event
        time.sleep(0.05)
    return None


def stem_session(control_port, socks, url):
    result = {}
    with Controller.from_port(address="127.0.0.1", port=control_port) as controller:
        controller.authenticate()  # finds the cookie through PROTOCOLINFO
        result["bootstrap_phase"] = controller.get_info("status/bootstrap-phase")
        result["circuit_status"] = controller.get_info("circuit-status").splitlines()
        result["circuits_from_stem"] = [(c.id, c.status, len(c.path)) for c in controller.get_circuits()]
        circ_events, stream_events = [], []
        controller.add_event_listener(lambda e: circ_events.append(e), EventType.CIRC)
        controller.add_event_listener(lambda e: stream_events.append(e), EventType.STREAM)
        result["first_fetch"] = fetch(socks, url)
        first = wait_for(stream_events, 0, lambda e: e.status == "SUCCEEDED")
        result["first_circuit"] = first.circ_id if first else None
        mark = len(stream_events)
        controller.signal(Signal.NEWNYM)
        result["second_fetch"] = fetch(socks, url)
        second = wait_for(stream_events, mark, lambda e: e.status == "SUCCEEDED")
        result["second_circuit"] = second.circ_id if second else None
        wait_for(stream_events, mark, lambda e: e.status == "CLOSED")
        result["stream_statuses"] = sorted({e.status for e in stream_events})
        result["circ_statuses"] = sorted({e.status for e in circ_events})
    return result


def hostile_session(control_port):
    """A wrong password, then garbage; returns the reply codes seen."""
    codes = []
    with socket.create_connection(("127.0.0.1", control_port), timeout=10) as connection:
        reader = connection.makefile("rb")
        connection.sendall(b'AUTHENTICATE "not-the-password"\r\n')
        codes.append(reader.readline().decode("latin-1")[:3])
    for garbage in (b"\x00\xff\xfe garbage\r\n", b"GETINFO version\r\n", b"x" * 5000 + b"\r\n", b"\r\n\r\n"):
        try:
            with socket.create_connection(("127.0.0.1", control_port), timeout=10) as connection:
                connection.sendall(garbage)
                line = connection.makefile("rb").readline().decode("latin-1")
                codes.append(line[:3] if line else "closed")
        except OSError as error:
            codes.append(f"error {error}")
    return codes


def main():
    command, control_port, socks, url = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    if command == "stem":
        print(json.dumps(stem_session(control_port, socks, url)))
    else:
        print(json.dumps({"codes": hostile_session(control_port), "fetch_after": fetch(socks, url)}))


if __name__ == "__main__":
    main()
