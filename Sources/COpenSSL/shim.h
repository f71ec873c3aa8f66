#ifndef TORSWIFT_COPENSSL_SHIM_H
#define TORSWIFT_COPENSSL_SHIM_H
// OpenSSL headers our crypto and TLS wrappers use. Function-like macros that Swift cannot import
// get a static inline wrapper here, named with the `shim_` prefix.
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/ssl.h>
#include <openssl/bio.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>

// TLS (TorCore/Crypto/TLS): SSL_ctrl-based macros and SSL_OP_BIT constants Swift cannot import.
static inline long shim_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
static inline long shim_SSL_set_max_proto_version(SSL *ssl, int version) {
    return SSL_set_max_proto_version(ssl, version);
}
static inline long shim_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}
static inline long shim_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}
static inline long shim_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
static inline long shim_BIO_set_mem_eof_return(BIO *bio, int value) {
    return BIO_set_mem_eof_return(bio, value);
}
static inline uint64_t shim_SSL_OP_NO_TICKET(void) { return SSL_OP_NO_TICKET; }
static inline uint64_t shim_SSL_OP_NO_COMPRESSION(void) { return SSL_OP_NO_COMPRESSION; }
static inline uint64_t shim_SSL_OP_NO_RENEGOTIATION(void) { return SSL_OP_NO_RENEGOTIATION; }

// Relay-cell digests (TorCore/Crypto/RunningDigest): SHA-1 through the low-level SHA_CTX, a plain
// struct that can be copied by value, so reading a running digest per cell allocates nothing
// (EVP_MD_CTX_copy_ex duplicates the provider context on the heap). Deprecated in OpenSSL 3.0
// but present, running the same assembly as EVP's SHA-1; the wrappers keep the deprecation
// warnings out of every Swift file.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static inline int shim_SHA1_Init(SHA_CTX *context) { return SHA1_Init(context); }
static inline int shim_SHA1_Update(SHA_CTX *context, const void *data, size_t length) {
    return SHA1_Update(context, data, length);
}
static inline int shim_SHA1_Final(unsigned char *digest, SHA_CTX *context) {
    return SHA1_Final(digest, context);
}
#pragma GCC diagnostic pop

#endif
