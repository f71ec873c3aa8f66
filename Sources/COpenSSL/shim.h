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

#endif
