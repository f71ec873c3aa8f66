#!/usr/bin/env python3
"""Checks circuit_model.py (the source of the Swift tests' vectors) against real tor 0.4.9 relays.

Usage: check_model_against_tor.py NETWORK_JSON [--record OUT.json]
NETWORK_JSON is the network.json that `scripts/testnet start` writes for a private network on
127.0.0.1 (only loopback is ever contacted). Over one TLS link to a guard it:
  1. builds one-hop circuits with CREATE_FAST, CREATE2/ntor and CREATE2/ntor v3, and opens a
     BEGIN_DIR stream on each (the relay must recognize our cells and we its CONNECTED); with
     --record these use fixed client secrets and zero padding, and the exchanged bytes are
     written to OUT.json, from which the Swift tests' RealRelayVectors were made;
  2. builds a circuit with CREATE2/ntor, extends it with EXTEND2/ntor to an exit, downloads
     /1M from the test HTTP server, sending an authenticated circuit SENDME after every 100th
     DATA cell with the digest the model computes (tor closes the circuit on a wrong one) and a
     stream SENDME every 50, and checks the SHA-256 of what arrived;
  3. uploads more than 100 DATA cells and checks that the exit's authenticated SENDME carries
     the digest the model recorded after our 100th DATA cell to it;
  4. (in 1) ntor v3 as tor 0.4.9 relays speak it for circuits, which the 2023 text of proposal
     332 does not say: the verification string is "circuit extend", and a message is
     N_EXTENSIONS (1 byte) then the fields, so "no extensions" is the single byte 00.
Every wait is bounded; it exits non-zero on the first disagreement.
"""
import base64
import hashlib
import json
import os
import socket
import ssl
import struct
import sys
import time

from circuit_model import (ClientCircuit, Hop, create_fast_keys, ntor3_client_finish,
                           ntor3_client_start, ntor_client_finish, ntor_client_start,
                           relay_payload)

# Cell commands (tor-spec 3) and relay commands (6.1).
PADDING, CREATE_FAST, CREATED_FAST, RELAY, DESTROY, VERSIONS, NETINFO = 0, 5, 6, 3, 4, 7, 8
RELAY_EARLY, CREATE2, CREATED2, VPADDING, CERTS, AUTH_CHALLENGE = 9, 10, 11, 128, 129, 130
BEGIN, DATA, END, CONNECTED, SENDME, EXTEND2, EXTENDED2, BEGIN_DIR = 1, 2, 3, 4, 5, 14, 15, 13
DEADLINE = time.monotonic() + 120


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


class Link:
    """A link-protocol-4/5 connection to a relay (tor-spec 4), just enough for a client."""

    def __init__(self, address, port):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        raw = socket.create_connection((address, port), timeout=30)
        self.sock = context.wrap_socket(raw)
        self.buffer = b""
        # VERSIONS uses a 2-byte circuit ID whatever the version (tor-spec 4.1).
        self.sock.sendall(struct.pack(">HBH", 0, VERSIONS, 4) + struct.pack(">HH", 4, 5))
        header = self._read(5)
        length = struct.unpack(">H", header[3:5])[0]
        versions = struct.unpack(f">{length // 2}H", self._read(length))
        if not {4, 5} & set(versions):
            fail(f"relay offers link versions {versions}")
        seen = set()
        while NETINFO not in seen:
            circuit_id, command, payload = self.read_cell()
            seen.add(command)
        netinfo = struct.pack(">I", 0) + bytes([4, 4]) + socket.inet_aton(address) + bytes([0])
        self.send_cell(0, NETINFO, netinfo)

    def _read(self, count):
        while len(self.buffer) < count:
            if time.monotonic() > DEADLINE:
                fail("timed out waiting for the relay")
            chunk = self.sock.recv(65536)
            if not chunk:
                fail("the relay closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def read_cell(self):
        circuit_id, command = struct.unpack(">IB", self._read(5))
        if command == VERSIONS or command >= 128:
            length = struct.unpack(">H", self._read(2))[0]
            return circuit_id, command, self._read(length)
        return circuit_id, command, self._read(509)

    def read_circuit_cell(self, circuit_id):
        """The next cell for `circuit_id`, skipping padding; DESTROY is a failure."""
        while True:
            cid, command, payload = self.read_cell()
            if command in (PADDING, VPADDING) or cid != circuit_id:
                continue
            if command == DESTROY:
                fail(f"relay destroyed circuit {circuit_id:#x}, reason {payload[0]}")
            return command, payload

    def send_cell(self, circuit_id, command, payload):
        self.sock.sendall(struct.pack(">IB", circuit_id, command) + payload.ljust(509, b"\x00"))


def relay_info(network, nickname):
    relay = next(r for r in network["relays"] if r["nickname"] == nickname)
    with open(os.path.join(relay["data_directory"], "keys", "secret_onion_key_ntor"), "rb") as f:
        blob = f.read()
    # "== c25519v1: onion ==" header (32 bytes), secret key (32), public key (32).
    ed25519 = base64.b64decode(relay["ed25519_identity"] + "=" * (-len(relay["ed25519_identity"]) % 4))
    return {"address": relay["address"], "port": relay["or_port"],
            "rsa_id": bytes.fromhex(relay["rsa_fingerprint"]), "ntor_key": blob[64:96],
            "ed25519_id": ed25519}


class Circuit:
    """A client circuit on a Link, driven with circuit_model.ClientCircuit."""

    def __init__(self, link, circuit_id):
        self.link, self.id, self.crypto = link, circuit_id, ClientCircuit()

    def send(self, hop, command, stream_id, data, early=False, padding=None):
        plain = relay_payload(command, stream_id, data, os.urandom(509) if padding is None else padding)
        sealed, digest = self.crypto.encrypt_outbound(plain, hop)
        self.link.send_cell(self.id, RELAY_EARLY if early else RELAY, sealed)
        self.last_sent = (plain, sealed)
        return digest

    def receive(self):
        command, payload = self.link.read_circuit_cell(self.id)
        if command not in (RELAY, RELAY_EARLY):
            fail(f"expected a relay cell, got command {command}")
        self.last_received = payload
        hop, plain, digest = self.crypto.decrypt_inbound(payload)
        length = struct.unpack(">H", plain[9:11])[0]
        return hop, plain[0], struct.unpack(">H", plain[3:5])[0], plain[11:11 + length], digest

    def expect(self, wanted_hop, wanted_command):
        hop, command, stream, data, digest = self.receive()
        if (hop, command) != (wanted_hop, wanted_command):
            detail = f" (END reason {data[0]})" if command == END and data else ""
            fail(f"expected relay command {wanted_command} from hop {wanted_hop}, got {command} from hop {hop}{detail}")
        return stream, data, digest


def check_begin_dir(circuit, label, record):
    circuit.send(0, BEGIN_DIR, 1, b"", padding=b"")
    circuit.expect(0, CONNECTED)
    record["beginDirPlain"], record["beginDirSealed"] = circuit.last_sent
    record["connectedSealed"] = circuit.last_received
    print(f"ok: {label}: the relay recognized our BEGIN_DIR and we its CONNECTED")


# Fixed client secrets for the recorded handshakes (any values do; these are arbitrary).
RECORD_FAST_X = bytes(range(0x10, 0x24))
RECORD_NTOR_X = bytes(range(0x01, 0x21))
RECORD_NTOR3_X = bytes(range(0x21, 0x41))


def main():
    network = json.load(open(sys.argv[1]))
    guard, exit_relay = relay_info(network, "relay1"), relay_info(network, "exit1")
    http = network["http"]
    link = Link(guard["address"], guard["port"])
    print("ok: link handshake with relay1")

    recording = {"relayRSAIdentity": guard["rsa_id"], "relayEd25519Identity": guard["ed25519_id"],
                 "relayNtorOnionKey": guard["ntor_key"]}

    # 1a. CREATE_FAST (tor-spec 5.1.5).
    fast = Circuit(link, 0x80000001)
    x = RECORD_FAST_X
    link.send_cell(fast.id, CREATE_FAST, x)
    command, payload = link.read_circuit_cell(fast.id)
    keys = create_fast_keys(x, payload[:20])
    if command != CREATED_FAST or keys["KH"] != payload[20:40]:
        fail("CREATED_FAST key hash differs from the model's KDF-TOR")
    print("ok: CREATE_FAST: relay's KH equals the model's KDF-TOR output")
    fast.crypto.hops.append(Hop(keys))
    record = recording["createFast"] = {"clientX": x, "reply": payload[:40]}
    check_begin_dir(fast, "CREATE_FAST keys", record)

    # 1b. CREATE2 with ntor (tor-spec 5.1.4) on a one-hop circuit.
    one_hop = Circuit(link, 0x80000004)
    state = ntor_client_start(guard["rsa_id"], guard["ntor_key"], RECORD_NTOR_X)
    link.send_cell(one_hop.id, CREATE2, struct.pack(">HH", 2, 84) + state["onionskin"])
    command, payload = link.read_circuit_cell(one_hop.id)
    if command != CREATED2:
        fail(f"expected CREATED2, got {command}")
    one_hop.crypto.hops.append(Hop(ntor_client_finish(state, payload[2:66])))
    record = recording["ntor"] = {"clientX": RECORD_NTOR_X, "onionSkin": state["onionskin"],
                                  "reply": payload[2:66]}
    check_begin_dir(one_hop, "ntor keys", record)

    # 1c. CREATE2 with ntor v3 (proposal 332) and a message with no extensions.
    v3 = Circuit(link, 0x80000002)
    state = ntor3_client_start(guard["ed25519_id"], guard["ntor_key"], RECORD_NTOR3_X,
                               b"\x00", b"circuit extend")
    link.send_cell(v3.id, CREATE2, struct.pack(">HH", 3, len(state["onionskin"])) + state["onionskin"])
    command, payload = link.read_circuit_cell(v3.id)
    if command != CREATED2:
        fail(f"expected CREATED2, got {command}")
    length = struct.unpack(">H", payload[:2])[0]
    keys, server_message = ntor3_client_finish(state, payload[2:2 + length])
    print(f"ok: ntor v3: relay's AUTH verified, server message {server_message.hex() or '(empty)'}")
    v3.crypto.hops.append(Hop(keys))
    record = recording["ntorV3"] = {"clientX": RECORD_NTOR3_X, "onionSkin": state["onionskin"],
                                    "reply": payload[2:2 + length]}
    check_begin_dir(v3, "ntor v3 keys", record)
    if "--record" in sys.argv:
        path = sys.argv[sys.argv.index("--record") + 1]
        encode = lambda v: {k: encode(w) for k, w in v.items()} if isinstance(v, dict) else v.hex()
        with open(path, "w") as f:
            json.dump(encode(recording), f, indent=1)
        print("recorded the one-hop exchanges in", path)

    # 2. CREATE2/ntor to the guard, EXTEND2/ntor to the exit.
    circuit = Circuit(link, 0x80000003)
    state = ntor_client_start(guard["rsa_id"], guard["ntor_key"], os.urandom(32))
    link.send_cell(circuit.id, CREATE2, struct.pack(">HH", 2, 84) + state["onionskin"])
    command, payload = link.read_circuit_cell(circuit.id)
    if command != CREATED2:
        fail(f"expected CREATED2, got {command}")
    circuit.crypto.hops.append(Hop(ntor_client_finish(state, payload[2:66])))
    print("ok: ntor: relay's AUTH verified (CREATE2)")

    state = ntor_client_start(exit_relay["rsa_id"], exit_relay["ntor_key"], os.urandom(32))
    specifiers = [(0, socket.inet_aton(exit_relay["address"]) + struct.pack(">H", exit_relay["port"])),
                  (2, exit_relay["rsa_id"]), (3, exit_relay["ed25519_id"])]
    body = bytes([len(specifiers)]) + b"".join(bytes([t, len(v)]) + v for t, v in specifiers)
    body += struct.pack(">HH", 2, 84) + state["onionskin"]
    circuit.send(0, EXTEND2, 0, body, early=True)
    _, data, _ = circuit.expect(0, EXTENDED2)
    circuit.crypto.hops.append(Hop(ntor_client_finish(state, data[2:66])))
    print("ok: ntor: exit's AUTH verified (EXTEND2/EXTENDED2)")

    target = f"{http['address']}:{http['port']}".encode() + b"\x00"
    data_cells_sent = 0
    circuit.send(1, BEGIN, 1, target)
    circuit.expect(1, CONNECTED)
    circuit.send(1, DATA, 1, b"GET /1M HTTP/1.0\r\n\r\n")
    data_cells_sent += 1
    received, circuit_cells, stream_cells, sendmes_sent = b"", 0, 0, 0
    while True:
        hop, command, stream, data, digest = circuit.receive()
        if command == END:
            break
        if command != DATA:
            fail(f"unexpected relay command {command} during the download")
        received += data
        circuit_cells += 1
        stream_cells += 1
        if circuit_cells % 100 == 0:
            circuit.send(1, SENDME, 0, bytes([1]) + struct.pack(">H", 20) + digest)
            sendmes_sent += 1
        if stream_cells % 50 == 0:
            circuit.send(1, SENDME, 1, b"")
    body = received.split(b"\r\n\r\n", 1)[1]
    expected = next(f for f in http["files"] if f["path"] == "/1M")["sha256"]
    if hashlib.sha256(body).hexdigest() != expected:
        fail("the downloaded body's SHA-256 differs")
    print(f"ok: downloaded /1M in {circuit_cells} DATA cells; the exit accepted all "
          f"{sendmes_sent} authenticated SENDMEs with the model's digests; SHA-256 matches")

    # 3. Upload more than 100 DATA cells; the exit must SENDME us the digest after our 100th.
    circuit.send(1, BEGIN, 2, target)
    circuit.expect(1, CONNECTED)
    request = b"GET /small HTTP/1.0\r\nX-Pad: " + b"a" * 60000 + b"\r\n\r\n"
    remembered = {}
    for offset in range(0, len(request), 498):
        digest = circuit.send(1, DATA, 2, request[offset:offset + 498])
        data_cells_sent += 1
        if data_cells_sent % 100 == 0:
            remembered[data_cells_sent] = digest
    circuit_sendmes, stream_sendmes = [], 0
    while True:
        hop, command, stream, data, _ = circuit.receive()
        if command == SENDME and stream == 0:
            circuit_sendmes.append(data)
        elif command == SENDME:
            stream_sendmes += 1
        elif command == END:
            break
    wanted = [bytes([1]) + struct.pack(">H", 20) + remembered[n] for n in sorted(remembered)]
    if [s[:23] for s in circuit_sendmes] != wanted:
        fail(f"exit's SENDMEs {[s.hex() for s in circuit_sendmes]} != model {[w.hex() for w in wanted]}")
    print(f"ok: uploaded {data_cells_sent} DATA cells in all; the exit's {len(circuit_sendmes)} "
          f"authenticated SENDME(s) carry the model's digest after DATA cell(s) "
          f"{sorted(remembered)}; {stream_sendmes} stream SENDME(s)")
    print("all checks passed")


if __name__ == "__main__":
    main()
