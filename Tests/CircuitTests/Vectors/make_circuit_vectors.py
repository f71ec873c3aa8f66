#!/usr/bin/env python3
"""Known-answer vectors for the Circuit tests, computed independently of the Swift code.

tor-spec publishes no vectors for ntor (5.1.4), CREATE_FAST / KDF-TOR (5.1.5, 5.2.1) or the
relay-cell crypto (5.5, 6.1), so this script computes them with circuit_model.py (the spec in
Python: `cryptography` for X25519, HKDF and AES-CTR, `hashlib` for SHA-1 and HMAC), playing the
relay's side of each handshake. check_model_against_tor.py checks that model against real tor
0.4.9 relays. Run `python3 make_circuit_vectors.py` and paste the printed hex into the Swift
tests; this file is the record of how they were made.
"""
import hashlib

from circuit_model import (ClientCircuit, Hop, RelaySide, create_fast_keys, ntor_client_finish,
                           ntor_client_start, ntor_server, relay_payload, _aes128_ctr)


def out(name, value):
    print(f"{name} = {value.hex()}")


# ---- ntor v1 (tor-spec 5.1.4, keys per 5.2.2) ----
x_secret = bytes(range(0x01, 0x21))          # client ephemeral x
b_secret = bytes(range(0x41, 0x61))          # relay ntor onion key b
y_secret = bytes(range(0x81, 0xA1))          # relay ephemeral y
relay_id = bytes(range(0xC1, 0xD5))          # 20-byte RSA identity digest

from circuit_model import X25519PrivateKey, raw_public  # noqa: E402
B = raw_public(X25519PrivateKey.from_private_bytes(b_secret))
client = ntor_client_start(relay_id, B, x_secret)
reply, keys = ntor_server(relay_id, b_secret, y_secret, client["X"])
assert ntor_client_finish(client, reply) == keys, "client and relay sides of the model disagree"

print("# ntor v1")
out("ntor.x", x_secret)
out("ntor.X", client["X"])
out("ntor.b", b_secret)
out("ntor.B", B)
out("ntor.y", y_secret)
out("ntor.ID", relay_id)
out("ntor.onionSkin", client["onionskin"])
out("ntor.serverReply", reply)
for name in ("Df", "Db", "Kf", "Kb", "KH"):
    out(f"ntor.{name}", keys[name])

# ---- CREATE_FAST (tor-spec 5.1.5) with KDF-TOR (5.2.1) ----
fast_x = bytes(range(0x10, 0x24))
fast_y = bytes(range(0x30, 0x44))
fast = create_fast_keys(fast_x, fast_y)
print("# CREATE_FAST")
out("fast.X", fast_x)
out("fast.Y", fast_y)
for name in ("KH", "Df", "Db", "Kf", "Kb"):
    out(f"fast.{name}", fast[name])

# ---- Relay cells on a two-hop circuit (tor-spec 5.5.2.1, 5.5.3, 6.1) ----
# Hop 1 uses the ntor keys above, hop 2 the CREATE_FAST keys (any two distinct key sets do).
circuit = ClientCircuit()
circuit.hops = [Hop(keys), Hop(fast)]
relays = RelaySide([keys, fast])

print("# relay cells on a two-hop circuit (hop 1 has the ntor keys, hop 2 the CREATE_FAST keys)")
outbound = [
    ("out1.hop2.beginDir", relay_payload(13, 1, b""), 1),
    ("out2.hop1.data", relay_payload(2, 7, b"hello hop one"), 0),
    ("out3.hop2.data", relay_payload(2, 1, b"GET / HTTP/1.0\r\n\r\n"), 1),
]
for name, payload, hop in outbound:
    sealed, digest_after = circuit.encrypt_outbound(payload, hop)
    out(f"{name}.plain", payload[:40])
    out(f"{name}.sealed", sealed)
    out(f"{name}.digestAfter", digest_after)

inbound = [
    ("in1.hop2.connected", relay_payload(4, 1, b""), 1),
    ("in2.hop1.data", relay_payload(2, 7, b"reply from hop one"), 0),
    ("in3.hop2.data", relay_payload(2, 1, b"HTTP/1.0 200 OK\r\n"), 1),
]
for name, payload, hop in inbound:
    sealed, digest_after = relays.send_to_client(payload, hop)
    # The client side of the model (the part checked against real relays) must undo it.
    seen_hop, plaintext, seen_digest = circuit.decrypt_inbound(sealed)
    assert (seen_hop, plaintext[9:], seen_digest) == (hop, payload[9:], digest_after)
    out(f"{name}.plain", payload[:40])
    out(f"{name}.sealed", sealed)
    out(f"{name}.digestAfter", digest_after)

# ---- A cell for hop 2 that hop 1 takes for a candidate (tor-spec 6.1: P = 2^-16) ----
# A backward key for hop 2 whose keystream is zero at bytes 1..2 of an early cell: that cell,
# once hop 1's layer is removed, shows recognized == 0 at hop 1 although hop 2 sent it, so the
# client must try hop 1's digest, fail, leave hop 1's running digest alone and go on to hop 2.
counter = 0
while True:
    candidate = hashlib.sha256(b"false-recognized" + counter.to_bytes(4, "big")).digest()[:16]
    keystream = _aes128_ctr(candidate).update(b"\x00" * 509 * 64)
    hits = [i for i in range(64) if keystream[509 * i + 1] == 0 and keystream[509 * i + 2] == 0]
    if hits:
        print("# hop 2 backward key whose cell number falseCandidate.index (from 0) looks recognized")
        out("falseCandidate.Kb", candidate)
        print(f"falseCandidate.index = {hits[0]}")
        break
    counter += 1
