"""An independent Python model of the Tor circuit mechanics the Swift `Circuit` module implements.

Written from the spec text alone (tor-spec 5.1.4 ntor, 5.1.5 CREATE_FAST, 5.2 KDFs, 5.5 and 6.1
relay crypto, 7.3 SENDME digests; proposal 332 ntor v3) with Python's `cryptography` package
and `hashlib`. make_circuit_vectors.py uses it to compute the Swift tests' known answers;
check_model_against_tor.py runs the same functions against real tor 0.4.9 relays, so the
vectors are tied to what relays actually do.
"""
import hashlib
import hmac
import struct

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PAYLOAD_LEN = 509
KEY_MATERIAL_LEN = 92  # Df 20 | Db 20 | Kf 16 | Kb 16 | KH 20


def raw_public(private_key):
    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def exp(private_key, public_bytes):
    """EXP(pk, sk); refuses the point at infinity (tor-spec 5.1.4 NOTE)."""
    shared = private_key.exchange(X25519PublicKey.from_public_bytes(public_bytes))
    if shared == bytes(32):
        raise ValueError("degenerate Diffie-Hellman result")
    return shared


def ntor_keys_rfc5869(material):
    """Split KDF-RFC5869 / ntor v3 output: Df, Db, Kf, Kb, KH (tor-spec 5.2.2)."""
    return {"Df": material[0:20], "Db": material[20:40], "Kf": material[40:56],
            "Kb": material[56:72], "KH": material[72:92]}


# ---- ntor (tor-spec 5.1.4) ----
NTOR_PROTOID = b"ntor-curve25519-sha256-1"
NTOR_T_MAC = NTOR_PROTOID + b":mac"
NTOR_T_KEY = NTOR_PROTOID + b":key_extract"
NTOR_T_VERIFY = NTOR_PROTOID + b":verify"
NTOR_M_EXPAND = NTOR_PROTOID + b":key_expand"


def _h(message, key):
    return hmac.new(key, message, hashlib.sha256).digest()


def _ntor_finish(secret_input, relay_id, B, X, Y):
    verify = _h(secret_input, NTOR_T_VERIFY)
    auth = _h(verify + relay_id + B + Y + X + NTOR_PROTOID + b"Server", NTOR_T_MAC)
    material = HKDF(algorithm=hashes.SHA256(), length=KEY_MATERIAL_LEN,
                    salt=NTOR_T_KEY, info=NTOR_M_EXPAND).derive(secret_input)
    return auth, ntor_keys_rfc5869(material)


def ntor_client_start(relay_id, B, x_secret):
    x = X25519PrivateKey.from_private_bytes(x_secret)
    return {"x": x, "X": raw_public(x), "ID": relay_id, "B": B,
            "onionskin": relay_id + B + raw_public(x)}


def ntor_client_finish(state, reply):
    Y, auth = reply[:32], reply[32:64]
    x, X, relay_id, B = state["x"], state["X"], state["ID"], state["B"]
    secret_input = exp(x, Y) + exp(x, B) + relay_id + B + X + Y + NTOR_PROTOID
    expected, keys = _ntor_finish(secret_input, relay_id, B, X, Y)
    if not hmac.compare_digest(expected, auth):
        raise ValueError("ntor AUTH mismatch")
    return keys


def ntor_server(relay_id, b_secret, y_secret, X):
    b = X25519PrivateKey.from_private_bytes(b_secret)
    y = X25519PrivateKey.from_private_bytes(y_secret)
    B, Y = raw_public(b), raw_public(y)
    secret_input = exp(y, X) + exp(b, X) + relay_id + B + X + Y + NTOR_PROTOID
    auth, keys = _ntor_finish(secret_input, relay_id, B, X, Y)
    return Y + auth, keys


# ---- ntor v3 (proposal 332, A.1 and A.2) ----
NTOR3_PROTOID = b"ntor3-curve25519-sha3_256-1"


def _encap(s):
    return struct.pack(">Q", len(s)) + s


def _h3(s, t):
    return hashlib.sha3_256(_encap(NTOR3_PROTOID + t) + s).digest()


def _mac3(k, m, t):
    return hashlib.sha3_256(_encap(NTOR3_PROTOID + t) + _encap(k) + m).digest()


def _kdf3(s, t, n):
    return hashlib.shake_256(_encap(NTOR3_PROTOID + t) + s).digest(n)


def _aes256_ctr(key, data):
    return Cipher(algorithms.AES(key), modes.CTR(bytes(16))).encryptor().update(data)


def ntor3_client_start(relay_id, B, x_secret, message, verification=b""):
    x = X25519PrivateKey.from_private_bytes(x_secret)
    X = raw_public(x)
    Bx = exp(x, B)
    phase1 = _kdf3(Bx + relay_id + X + B + NTOR3_PROTOID + _encap(verification), b":kdf_phase1", 64)
    encrypted = _aes256_ctr(phase1[:32], message)
    mac = _mac3(phase1[32:], relay_id + B + X + encrypted, b":msg_mac")
    return {"x": x, "X": X, "ID": relay_id, "B": B, "Bx": Bx, "mac": mac, "VER": verification,
            "onionskin": relay_id + B + X + encrypted + mac}


def ntor3_client_finish(state, reply):
    Y, auth, encrypted = reply[:32], reply[32:64], reply[64:]
    secret_input = (exp(state["x"], Y) + state["Bx"] + state["ID"] + state["B"] + state["X"] + Y
                    + NTOR3_PROTOID + _encap(state["VER"]))
    seed = _h3(secret_input, b":key_seed")
    verify = _h3(secret_input, b":verify")
    expected = _h3(verify + state["ID"] + state["B"] + Y + state["X"] + state["mac"]
                   + _encap(encrypted) + NTOR3_PROTOID + b"Server", b":auth_final")
    if not hmac.compare_digest(expected, auth):
        raise ValueError("ntor v3 AUTH mismatch")
    stream = _kdf3(seed, b":kdf_final", 32 + KEY_MATERIAL_LEN)
    return ntor_keys_rfc5869(stream[32:]), _aes256_ctr(stream[:32], encrypted)


# ---- CREATE_FAST (tor-spec 5.1.5) with KDF-TOR (5.2.1) ----
def kdf_tor(k0, length):
    stream = b"".join(hashlib.sha1(k0 + bytes([i])).digest() for i in range((length + 19) // 20))
    return stream[:length]


def create_fast_keys(x, y):
    """KH, Df, Db, Kf, Kb from K0 = X | Y."""
    k = kdf_tor(x + y, KEY_MATERIAL_LEN)
    return {"KH": k[0:20], "Df": k[20:40], "Db": k[40:60], "Kf": k[60:76], "Kb": k[76:92]}


# ---- Relay cells (tor-spec 5.5, 6.1) ----
def relay_payload(command, stream_id, data, padding=b""):
    """A plaintext relay payload: header with recognized and digest zero, data, padding."""
    body = bytes([command]) + b"\x00\x00" + stream_id.to_bytes(2, "big") + b"\x00" * 4
    body += len(data).to_bytes(2, "big") + data
    rest = PAYLOAD_LEN - len(body)
    filler = (b"\x00" * 4 + padding)[:rest]
    return body + filler + b"\x00" * (rest - len(filler))


def _aes128_ctr(key):
    return Cipher(algorithms.AES(key), modes.CTR(bytes(16))).encryptor()


class Hop:
    """One hop's keys as both ends hold them: ciphers and running SHA-1 digests per direction."""

    def __init__(self, keys):
        self.forward_cipher = _aes128_ctr(keys["Kf"])
        self.backward_cipher = _aes128_ctr(keys["Kb"])
        self.forward_digest = hashlib.sha1(keys["Df"])
        self.backward_digest = hashlib.sha1(keys["Db"])


def _seal(digest, payload):
    """Absorb the payload with its digest field zero; write the first 4 digest bytes into it."""
    zeroed = payload[:5] + b"\x00" * 4 + payload[9:]
    digest.update(zeroed)
    full = digest.digest()
    return zeroed[:5] + full[:4] + zeroed[9:], full


def _recognize(digest, payload):
    """(matched, digest-after) without committing; tor-spec 6.1."""
    if payload[1:3] != b"\x00\x00":
        return False, None, None
    trial = digest.copy()
    trial.update(payload[:5] + b"\x00" * 4 + payload[9:])
    full = trial.digest()
    return full[:4] == payload[5:9], trial, full


class ClientCircuit:
    """The client's side: hops[0] is the first hop."""

    def __init__(self):
        self.hops = []

    def encrypt_outbound(self, payload, hop):
        """Returns the wire payload and the 20-byte digest after it (the SENDME v1 digest)."""
        sealed, full = _seal(self.hops[hop].forward_digest, payload)
        for index in range(hop, -1, -1):
            sealed = self.hops[index].forward_cipher.update(sealed)
        return sealed, full

    def decrypt_inbound(self, payload):
        """Returns (hop, plaintext, digest-after) or raises if no hop recognizes the cell."""
        for index, hop in enumerate(self.hops):
            payload = hop.backward_cipher.update(payload)
            matched, trial, full = _recognize(hop.backward_digest, payload)
            if matched:
                hop.backward_digest = trial
                return index, payload, full
        raise ValueError("relay cell recognized by no hop")


class RelaySide:
    """The relays' side of a circuit, to make inbound vectors: hops[0] is the first hop."""

    def __init__(self, keys_list):
        self.hops = [Hop(keys) for keys in keys_list]

    def send_to_client(self, payload, hop):
        sealed, full = _seal(self.hops[hop].backward_digest, payload)
        for index in range(hop, -1, -1):
            sealed = self.hops[index].backward_cipher.update(sealed)
        return sealed, full
