#!/usr/bin/env python3
"""Known-answer vectors for the Circuit tests, computed independently of the Swift code.

tor-spec publishes no vectors for ntor (5.1.4), CREATE_FAST / KDF-TOR (5.1.5, 5.2.1) or the
relay-cell crypto (5.5, 6.1), so this script computes them from the spec text with Python's
`cryptography` package (X25519, HMAC-SHA256, HKDF, AES-128-CTR) and `hashlib` (SHA-1).
It plays the relay's side of each handshake. Run it with `python3 make_circuit_vectors.py`
and paste the printed hex into the Swift tests; it is kept as the record of how they were made.
"""
import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def raw_public(private_key):
    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def out(name, value):
    print(f"{name} = {value.hex()}")


# ---- ntor v1 (tor-spec 5.1.4, keys per 5.2.2) ----
PROTOID = b"ntor-curve25519-sha256-1"
T_MAC = PROTOID + b":mac"
T_KEY = PROTOID + b":key_extract"
T_VERIFY = PROTOID + b":verify"
M_EXPAND = PROTOID + b":key_expand"


def h(message, key):
    return hmac.new(key, message, hashlib.sha256).digest()


x_secret = bytes(range(0x01, 0x21))          # client ephemeral x
b_secret = bytes(range(0x41, 0x61))          # relay ntor onion key b
y_secret = bytes(range(0x81, 0xA1))          # relay ephemeral y
relay_id = bytes(range(0xC1, 0xD5))          # 20-byte RSA identity digest

x = X25519PrivateKey.from_private_bytes(x_secret)
b = X25519PrivateKey.from_private_bytes(b_secret)
y = X25519PrivateKey.from_private_bytes(y_secret)
X, B, Y = raw_public(x), raw_public(b), raw_public(y)

# The relay's computation: EXP(X,y) | EXP(X,b) | ID | B | X | Y | PROTOID
secret_input = (y.exchange(x.public_key()) + b.exchange(x.public_key())
                + relay_id + B + X + Y + PROTOID)
key_seed = h(secret_input, T_KEY)
verify = h(secret_input, T_VERIFY)
auth_input = verify + relay_id + B + Y + X + PROTOID + b"Server"
auth = h(auth_input, T_MAC)
keys = HKDF(algorithm=hashes.SHA256(), length=92, salt=T_KEY, info=M_EXPAND).derive(secret_input)

print("# ntor v1")
out("ntor.x", x_secret)
out("ntor.X", X)
out("ntor.b", b_secret)
out("ntor.B", B)
out("ntor.y", y_secret)
out("ntor.ID", relay_id)
out("ntor.onionSkin", relay_id + B + X)
out("ntor.serverReply", Y + auth)
out("ntor.keySeed", key_seed)
out("ntor.Df", keys[0:20])
out("ntor.Db", keys[20:40])
out("ntor.Kf", keys[40:56])
out("ntor.Kb", keys[56:72])
out("ntor.KH", keys[72:92])

# ---- CREATE_FAST (tor-spec 5.1.5) with KDF-TOR (5.2.1) ----
fast_x = bytes(range(0x10, 0x24))
fast_y = bytes(range(0x30, 0x44))
k0 = fast_x + fast_y
stream = b"".join(hashlib.sha1(k0 + bytes([i])).digest() for i in range(5))
print("# CREATE_FAST")
out("fast.X", fast_x)
out("fast.Y", fast_y)
out("fast.KH", stream[0:20])
out("fast.Df", stream[20:40])
out("fast.Db", stream[40:60])
out("fast.Kf", stream[60:76])
out("fast.Kb", stream[76:92])


# ---- Relay cell crypto (tor-spec 5.5.2.1, 5.5.3, 6.1) ----
def relay_payload(command, stream_id, data):
    """A 509-byte relay payload: command, recognized 0, stream, digest 0, length, data, zeros."""
    body = bytes([command]) + b"\x00\x00" + stream_id.to_bytes(2, "big") + b"\x00" * 4
    body += len(data).to_bytes(2, "big") + data
    return body + b"\x00" * (509 - len(body))


def aes_ctr(key):
    return Cipher(algorithms.AES(key), modes.CTR(b"\x00" * 16)).encryptor()


# Hop 1 uses the ntor keys above, hop 2 the CREATE_FAST keys (any two distinct key sets do).
hop_keys = [(keys[0:20], keys[20:40], keys[40:56], keys[56:72]),
            (stream[20:40], stream[40:60], stream[60:76], stream[76:92])]
forward_digest = [hashlib.sha1(k[0]) for k in hop_keys]
backward_digest = [hashlib.sha1(k[1]) for k in hop_keys]
forward_cipher = [aes_ctr(k[2]) for k in hop_keys]
backward_cipher = [aes_ctr(k[3]) for k in hop_keys]


def client_send(payload, target_hop):
    digest = forward_digest[target_hop]
    digest.update(payload)
    sealed = payload[:5] + digest.digest()[:4] + payload[9:]
    sendme_digest = digest.digest()
    for hop in range(target_hop, -1, -1):
        sealed = forward_cipher[hop].update(sealed)
    return sealed, sendme_digest


def relay_send(payload, from_hop):
    digest = backward_digest[from_hop]
    digest.update(payload)
    sealed = payload[:5] + digest.digest()[:4] + payload[9:]
    sendme_digest = digest.digest()
    for hop in range(from_hop, -1, -1):
        sealed = backward_cipher[hop].update(sealed)
    return sealed, sendme_digest


print("# relay cells on a two-hop circuit (hop 1 = ntor keys, hop 2 = CREATE_FAST keys)")
cells = [
    ("out1.hop2.beginDir", client_send, relay_payload(13, 1, b""), 1),
    ("out2.hop1.data", client_send, relay_payload(2, 7, b"hello hop one"), 0),
    ("out3.hop2.data", client_send, relay_payload(2, 1, b"GET / HTTP/1.0\r\n\r\n"), 1),
    ("in1.hop2.connected", relay_send, relay_payload(4, 1, b""), 1),
    ("in2.hop1.data", relay_send, relay_payload(2, 7, b"reply from hop one"), 0),
    ("in3.hop2.data", relay_send, relay_payload(2, 1, b"HTTP/1.0 200 OK\r\n"), 1),
]
for name, send, payload, hop in cells:
    sealed, sendme_digest = send(payload, hop)
    out(f"{name}.plain", payload[:40])
    out(f"{name}.sealed", sealed)
    out(f"{name}.digestAfter", sendme_digest)


# ---- A cell for hop 2 that hop 1 takes for a candidate (tor-spec 6.1: P = 2^-16) ----
# A backward key for hop 2 whose keystream is zero at bytes 1..2 of an early cell: that cell,
# once hop 1's layer is removed, shows recognized == 0 at hop 1 although hop 2 sent it, so the
# client must try hop 1's digest, fail, leave hop 1's running digest alone and go on to hop 2.
counter = 0
while True:
    candidate = hashlib.sha256(b"false-recognized" + counter.to_bytes(4, "big")).digest()[:16]
    keystream = aes_ctr(candidate).update(b"\x00" * 509 * 64)
    hits = [i for i in range(64) if keystream[509 * i + 1] == 0 and keystream[509 * i + 2] == 0]
    if hits:
        print("# hop 2 backward key whose cell number falseCandidate.index (from 0) looks recognized")
        out("falseCandidate.Kb", candidate)
        print(f"falseCandidate.index = {hits[0]}")
        break
    counter += 1
