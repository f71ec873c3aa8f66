#!/usr/bin/env python3
"""Drives a running client's control port with stem (Debian's python3-stem) the way a
controller would, and prints one JSON object. Every wait is bounded."""
import json
import socket
import subprocess
import sys
import time

from stem import Signal
from stem.control import Controller, EventType, Listener


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
        # DROPGUARDS: accepted, the guards are sampled anew, and streams still get through.
        controller.drop_guards()
        controller.signal(Signal.NEWNYM)
        result["fetch_after_drop_guards"] = fetch(socks, url)
    return result


COMPAT_KEYS = ["process/pid", "process/uid", "process/user", "process/descriptor-limit", "status/enough-dir-info",
               "status/version/current", "dormant", "network-liveness", "orconn-status", "entry-guards",
               "accounting/enabled", "events/names", "signal/names", "features/names", "config-text"]


def compat_session(control_port):
    """What stem and nyx ask a C tor client beyond the basics: the answers, as JSON."""
    result = {}
    with Controller.from_port(address="127.0.0.1", port=control_port) as controller:
        controller.authenticate()
        statuses = list(controller.get_network_statuses())
        result["network_statuses"] = [[s.fingerprint, s.nickname, sorted(s.flags)] for s in statuses]
        result["microdescriptors"] = len(list(controller.get_microdescriptors()))
        result["control_listeners"] = [list(address) for address in controller.get_listeners(Listener.CONTROL)]
        result["info"] = {key: controller.get_info(key) for key in COMPAT_KEYS}
        result["errors"] = {}
        for key in ("address", "fingerprint", "ip-to-country/127.0.0.1"):
            try:
                controller.get_info(key)
                result["errors"][key] = "answered"
            except Exception as error:  # stem raises OperationFailed or ProtocolError
                result["errors"][key] = type(error).__name__ + ": " + str(error)
        result["conf"] = {name: controller.get_conf(name, "unset") for name in ("ExitNodes", "StrictNodes", "UseBridges")}
        events = []
        controller.add_event_listener(lambda e: events.append(e), EventType.ORCONN, EventType.CONF_CHANGED,
                                      EventType.SIGNAL, EventType.CIRC)
        controller.set_conf("MaxCircuitDirtiness", "700")
        changed = wait_for(events, 0, lambda e: e.type == "CONF_CHANGED")
        result["conf_changed"] = dict(changed.changed) if changed else None
        controller.signal(Signal.HEARTBEAT)
        signal = wait_for(events, 0, lambda e: e.type == "SIGNAL")
        result["signal_event"] = signal.signal if signal else None
        # A path whose first hop has no channel yet, so ORCONN LAUNCHED/CONNECTED follow.
        connected = controller.get_info("orconn-status")
        guards = [s for s in statuses if "Guard" in s.flags and s.fingerprint not in connected]
        exits = [s for s in statuses if "Exit" in s.flags]
        middles = [s for s in statuses if s not in guards[:1] and s not in exits[:1]]
        path = [guards[0].fingerprint, middles[0].fingerprint, exits[0].fingerprint] if guards and exits else None
        result["explicit_path"] = path
        circuit_id = controller.new_circuit(path) if path else controller.new_circuit()
        result["new_circuit"] = circuit_id
        built = wait_for(events, 0, lambda e: e.type == "CIRC" and e.id == circuit_id and e.status in ("BUILT", "FAILED"), 60)
        result["new_circuit_status"] = built.status if built else None
        result["new_circuit_path"] = [fingerprint for fingerprint, _ in built.path] if built else None
        result["in_circuit_status"] = any(c.id == circuit_id for c in controller.get_circuits())
        controller.close_circuit(circuit_id)
        closed = wait_for(events, 0, lambda e: e.type == "CIRC" and e.id == circuit_id and e.status == "CLOSED")
        result["closed_status"] = closed.status if closed else None
        controller.add_event_listener(lambda e: events.append(e), EventType.ADDRMAP)
        controller.msg("RESOLVE 127.0.0.1 nowhere.invalid")
        literal = wait_for(events, 0, lambda e: e.type == "ADDRMAP" and e.hostname == "127.0.0.1", 60)
        result["resolved"] = [literal.hostname, literal.destination] if literal else None
        # The test network's exits have no DNS: the name comes back from the exit as an error.
        named = wait_for(events, 0, lambda e: e.type == "ADDRMAP" and e.hostname == "nowhere.invalid", 60)
        result["resolved_name"] = [named.hostname, named.destination] if named else None
        result["orconn"] = sorted({e.status for e in events if e.type == "ORCONN"})
        result["orconn_named"] = [e.endpoint_fingerprint for e in events if e.type == "ORCONN"]
    return result


def closestream_session(control_port, socks, url):
    """A slow download, closed from the controller with CLOSESTREAM once it is under way."""
    result = {}
    with Controller.from_port(address="127.0.0.1", port=control_port) as controller:
        controller.authenticate()
        events = []
        controller.add_event_listener(lambda e: events.append(e), EventType.STREAM)
        curl = subprocess.Popen(["/usr/bin/curl", "--silent", "--max-time", "120", "--limit-rate", "2M",
                                 "--socks5-hostname", socks, "--output", "/dev/null", url])
        try:
            opened = wait_for(events, 0, lambda e: e.status == "SUCCEEDED", timeout=60)
            result["opened"] = opened is not None
            if opened is not None:
                time.sleep(1)
                result["still_running_before"] = curl.poll() is None
                closed_at = time.monotonic()
                controller.close_stream(opened.id)
                try:
                    result["curl_status"] = curl.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    result["curl_status"] = None
                result["curl_ended_after"] = time.monotonic() - closed_at
                closed = wait_for(events, 0, lambda e: e.id == opened.id and e.status == "CLOSED")
                result["stream_closed_event"] = closed is not None
                result["open_streams_after"] = [line for line in controller.get_info("stream-status").splitlines()
                                                if line.startswith(opened.id + " ")]
            try:
                controller.close_stream("999999")
                result["unknown_stream"] = "accepted"
            except Exception as error:  # stem raises InvalidArguments for 552
                result["unknown_stream"] = str(error)
        finally:
            if curl.poll() is None:
                curl.kill()
                curl.wait(timeout=10)
    return result


def mapaddress_session(control_port, socks, url):
    """MAPADDRESS through stem: a virtual IPv4 address and a name for the test server's
    address, each fetched through SOCKS by the mapped address only."""
    result = {}
    host = url.split("//", 1)[1].split("/", 1)[0].split(":")[0]
    port = url.split("//", 1)[1].split("/", 1)[0].split(":")[1]
    with Controller.from_port(address="127.0.0.1", port=control_port) as controller:
        controller.authenticate()
        addrmaps = []
        controller.add_event_listener(lambda e: addrmaps.append(e), EventType.ADDRMAP)
        mapped = controller.map_address({"0.0.0.0": host, "by-name.test": host})
        result["mapped"] = mapped
        virtual = next((key for key, value in mapped.items() if value == host and key != "by-name.test"), None)
        result["virtual_address"] = virtual
        for label, address, flag in (("virtual", virtual, "--socks5"), ("by_name", "by-name.test", "--socks5-hostname")):
            done = subprocess.run(["/usr/bin/curl", "--silent", "--max-time", "60", flag, socks,
                                   f"http://{address}:{port}/echo-peer"], capture_output=True, timeout=90)
            result[label] = {"status": done.returncode, "body": done.stdout.decode("utf-8", "replace")}
        event = wait_for(addrmaps, 0, lambda e: e.hostname == "by-name.test")
        result["addrmap_event"] = [event.hostname, event.destination] if event else None
        result["mappings_control"] = controller.get_info("address-mappings/control").splitlines()
        result["mappings_config"] = controller.get_info("address-mappings/config").splitlines()
        try:
            controller.map_address({"bad/name": host})
            result["bad"] = "accepted"
        except Exception as error:
            result["bad"] = str(error)
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
    elif command == "mapaddress":
        print(json.dumps(mapaddress_session(control_port, socks, url)))
    elif command == "closestream":
        print(json.dumps(closestream_session(control_port, socks, url)))
    elif command == "compat":
        print(json.dumps(compat_session(control_port)))
    else:
        print(json.dumps({"codes": hostile_session(control_port), "fetch_after": fetch(socks, url)}))


if __name__ == "__main__":
    main()
