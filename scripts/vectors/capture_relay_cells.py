#!/usr/bin/env python3
"""Record the cells a real tor relay sends, as known-answer vectors for the wire formats.

How the vectors in Tests/TorCoreTests/Cells/CapturedRelayVectors.swift were made, and how to make them again:

    python3 scripts/vectors/capture_relay_cells.py > Tests/TorCoreTests/Cells/CapturedRelayVectors.swift

It starts one tor relay (Debian's `tor`) on 127.0.0.1 with a throwaway data directory and a
directory authority that points at a closed loopback port, so nothing leaves loopback. It is
an independent client written from tor-spec with Python's ssl, hashlib and `cryptography`:
  - link handshake: VERSIONS (3, 4, 5), then reads the relay's VERSIONS, CERTS,
    AUTH_CHALLENGE and NETINFO; checks the Ed25519 certificates' signatures over all bytes but
    the last 64 (cert-spec 2.1), the RSA->Ed25519 crosscert's signature over
    SHA-256(prefix || first 36 bytes) (cert-spec 2.3), and that the type-5 certificate
    certifies SHA-256 of the TLS certificate;
  - sends NETINFO, CREATE_FAST (KDF-TOR keys, tor-spec 5.2.1) and relay cells with zero
    padding (BEGIN_DIR, DATA, RESOLVE, BEGIN), and records every decrypted relay payload.
It stops only the tor process it started, by PID.
"""
import hashlib, os, socket, ssl, struct, subprocess, sys, tempfile, time
from cryptography.hazmat.primitives.asymmetric import ed25519, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives import serialization
from cryptography import x509


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_relay(directory):
    or_port, dead_port = free_port(), free_port()
    torrc = os.path.join(directory, "torrc")
    with open(torrc, "w") as f:
        f.write(f"""DataDirectory {directory}/data
ORPort 127.0.0.1:{or_port}
Address 127.0.0.1
SocksPort 0
Nickname cellsvectors
ContactInfo none
TestingTorNetwork 1
AssumeReachable 1
PublishServerDescriptor 0
ExitRelay 0
UseDefaultFallbackDirs 0
DirAuthority dead orport={dead_port} no-v2 v3ident={'A' * 40} 127.0.0.1:{dead_port} {'B' * 40}
Log notice file {directory}/tor.log
""")
    process = subprocess.Popen(["tor", "-f", torrc], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", or_port), timeout=1).close()
            return process, or_port
        except OSError:
            if process.poll() is not None:
                sys.exit("tor exited: see " + directory + "/tor.log")
            time.sleep(0.5)
    process.terminate()
    sys.exit("tor did not open its ORPort within 60 s")


class Link:
    def __init__(self, port):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        self.tls = context.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=20))
        self.peer_certificate = self.tls.getpeercert(binary_form=True)
        self.pending = b""
        self.circuit_id_length = 2

    def read(self, count):
        while len(self.pending) < count:
            chunk = self.tls.recv(65536)
            if not chunk:
                sys.exit("relay closed the connection")
            self.pending += chunk
        data, self.pending = self.pending[:count], self.pending[count:]
        return data

    def read_cell(self):
        """Returns (raw bytes, circuit id, command, payload)."""
        header = self.read(self.circuit_id_length + 1)
        command = header[-1]
        if command == 7 or command >= 128:
            length_bytes = self.read(2)
            payload = self.read(struct.unpack(">H", length_bytes)[0])
            raw = header + length_bytes + payload
        else:
            payload = self.read(509)
            raw = header + payload
        circuit = int.from_bytes(header[:-1], "big")
        return raw, circuit, command, payload

    def send_fixed(self, circuit, command, payload):
        cell = circuit.to_bytes(4, "big") + bytes([command]) + payload.ljust(509, b"\0")
        self.tls.sendall(cell)
        return cell


def kdf_tor(secret, length):
    out, counter = b"", 0
    while len(out) < length:
        out += hashlib.sha1(secret + bytes([counter])).digest()
        counter += 1
    return out[:length]


class Hop:
    def __init__(self, x, y):
        material = kdf_tor(x + y, 20 * 3 + 16 * 2)
        self.kh, df, db = material[:20], material[20:40], material[40:60]
        kf, kb = material[60:76], material[76:92]
        self.forward_digest, self.backward_digest = hashlib.sha1(df), hashlib.sha1(db)
        self.forward_cipher = Cipher(algorithms.AES(kf), modes.CTR(b"\0" * 16)).encryptor()
        self.backward_cipher = Cipher(algorithms.AES(kb), modes.CTR(b"\0" * 16)).decryptor()

    def seal(self, plaintext):
        assert len(plaintext) == 509 and plaintext[1:3] == b"\0\0" and plaintext[5:9] == b"\0" * 4
        self.forward_digest.update(plaintext)
        digested = plaintext[:5] + self.forward_digest.digest()[:4] + plaintext[9:]
        return self.forward_cipher.update(digested)

    def open(self, ciphertext):
        plaintext = self.backward_cipher.update(ciphertext)
        assert plaintext[1:3] == b"\0\0", "cell not recognized"
        zeroed = plaintext[:5] + b"\0" * 4 + plaintext[9:]
        candidate = self.backward_digest.copy()
        candidate.update(zeroed)
        assert candidate.digest()[:4] == plaintext[5:9], "relay cell digest mismatch"
        self.backward_digest = candidate
        return plaintext


def relay_payload(command, stream, data):
    return (bytes([command]) + b"\0\0" + stream.to_bytes(2, "big") + b"\0" * 4
            + len(data).to_bytes(2, "big") + data).ljust(509, b"\0")


def verify_certs(certs_payload, tls_certificate, data_directory):
    count, offset, certs = certs_payload[0], 1, {}
    for _ in range(count):
        kind, length = certs_payload[offset], int.from_bytes(certs_payload[offset + 1:offset + 3], "big")
        certs[kind] = certs_payload[offset + 3:offset + 3 + length]
        offset += 3 + length
    identity = open(os.path.join(data_directory, "keys", "ed25519_master_id_public_key"), "rb").read()[32:]
    # Type 4: identity -> signing, signed by the identity named in its extension.
    type4 = certs[4]
    assert type4[39] == 1 and type4[42] == 4 and type4[44:76] == identity
    ed25519.Ed25519PublicKey.from_public_bytes(identity).verify(type4[-64:], type4[:-64])
    signing_key = type4[7:39]
    # Type 5: signing -> TLS link certificate digest.
    type5 = certs[5]
    assert type5[7:39] == hashlib.sha256(tls_certificate).digest()
    ed25519.Ed25519PublicKey.from_public_bytes(signing_key).verify(type5[-64:], type5[:-64])
    # Type 7: the RSA identity (from the type-2 X.509 certificate) vouches for the identity.
    rsa_key = x509.load_der_x509_certificate(certs[2]).public_key()
    type7 = certs[7]
    assert type7[:32] == identity
    recovered = rsa_key.recover_data_from_signature(type7[37:], padding.PKCS1v15(), None)
    assert recovered == hashlib.sha256(b"Tor TLS RSA/Ed25519 cross-certificate" + type7[:36]).digest()
    rsa_der = rsa_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    return identity, hashlib.sha1(rsa_der).digest()


def main():
    directory = tempfile.mkdtemp(prefix="cells-vectors-")
    process, port = start_relay(directory)
    vectors = {}
    try:
        time.sleep(1)
        link = Link(port)
        versions = struct.pack(">HBH", 0, 7, 6) + struct.pack(">HHH", 3, 4, 5)
        link.tls.sendall(versions)
        vectors["clientVersionsCell"] = versions
        raw, _, command, _ = link.read_cell()
        assert command == 7
        vectors["relayVersionsCell"] = raw
        link.circuit_id_length = 4
        names = {129: "relayCertsCell", 130: "relayAuthChallengeCell", 8: "relayNetinfoCell"}
        while "relayNetinfoCell" not in vectors:
            raw, _, command, payload = link.read_cell()
            if command in names:
                vectors[names[command]] = raw
            if command == 129:
                identity, rsa_fingerprint = verify_certs(payload, link.peer_certificate, directory + "/data")
        vectors["clientNetinfoCell"] = link.send_fixed(0, 8, bytes.fromhex("00000000 04 04 7F000001 00"))

        circuit = 0x80000001
        x = bytes(range(1, 21))
        vectors["clientCreateFastCell"] = link.send_fixed(circuit, 5, x)
        raw, _, command, payload = link.read_cell()
        assert command == 6, f"expected CREATED_FAST, got {command}"
        vectors["relayCreatedFastCell"] = raw
        hop = Hop(x, payload[:20])
        assert hop.kh == payload[20:40], "KH mismatch"

        def send(name, command, stream, data):
            plaintext = relay_payload(command, stream, data)
            vectors[name] = plaintext
            link.send_fixed(circuit, 3, hop.seal(plaintext))

        def receive(name):
            while True:
                _, cell_circuit, command, payload = link.read_cell()
                if command == 3 and cell_circuit == circuit:
                    plaintext = hop.open(payload)
                    vectors[name] = plaintext
                    return plaintext
                if command == 4:
                    sys.exit(f"relay destroyed the circuit, reason {payload[0]}")

        send("clientBeginDirPayload", 13, 1, b"")
        assert receive("relayConnectedPayload")[0] == 4
        send("clientDataPayload", 2, 1, b"GET /tor/server/authority HTTP/1.0\r\n\r\n")
        count = 0
        while True:
            count += 1
            plaintext = receive(f"relayStreamPayload{count}")
            if plaintext[0] == 3:
                vectors["relayEndPayload"] = vectors.pop(f"relayStreamPayload{count}")
                break
            if count == 1:
                vectors["relayDataPayload"] = vectors.pop("relayStreamPayload1")
            else:
                del vectors[f"relayStreamPayload{count}"]
        send("clientResolvePayload", 11, 2, b"localhost\0")
        receive("relayResolveAnswerPayload")
        send("clientBeginPayload", 1, 3, b"127.0.0.1:80\0" + b"\0\0\0\0")
        receive("relayBeginAnswerPayload")
        link.send_fixed(circuit, 4, b"\0")
        link.tls.close()
        version = subprocess.run(["tor", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    finally:
        process.terminate()
        process.wait(timeout=30)

    print("// Generated by scripts/vectors/capture_relay_cells.py: bytes a real relay sent")
    print(f"// ({version.strip()}, on 127.0.0.1) and bytes it accepted from an independent Python")
    print("// client. The script checked the certificate signatures and KDF-TOR before writing this.")
    print("// Relay payloads (\"...Payload\") are decrypted 509-byte relay cell payloads.")
    print("enum CapturedRelayVectors {")
    print(f'    static let ed25519Identity = "{identity.hex()}"')
    print(f'    static let rsaIdentityFingerprint = "{rsa_fingerprint.hex()}"')
    print(f'    static let tlsCertificateSHA256 = "{hashlib.sha256(link.peer_certificate).hexdigest()}"')
    print(f'    static let createFastX = "{x.hex()}"')
    for name in sorted(vectors):
        print(f'    static let {name} = "{vectors[name].hex()}"')
    print("}")


if __name__ == "__main__":
    main()
