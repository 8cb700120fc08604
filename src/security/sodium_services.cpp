#include "security/sodium_services.h"

#include <sodium.h>

namespace kring::security {

bool InitSodium() { return sodium_init() >= 0; }

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

SodiumPasswordHasher::SodiumPasswordHasher()
    : SodiumPasswordHasher(crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) {}

SodiumPasswordHasher::SodiumPasswordHasher(unsigned long long opslimit, size_t memlimit_bytes)
    : opslimit_(opslimit), memlimit_(memlimit_bytes) {}

Result<std::string> SodiumPasswordHasher::Hash(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), opslimit_, memlimit_, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Unavailable("out_of_memory", "The server is short of memory; try again in a moment.",
                       "crypto_pwhash_str failed (out of memory)");
  return std::string(out);
}

bool SodiumPasswordHasher::Verify(std::string_view password, const std::string& encoded_hash) {
  // Unknown accounts are checked against a hash made with the same limits, so a failed log-in
  // takes as long whether or not the handle exists. Made on first need, not at start-up: one
  // argon2id hash costs 64 MB and tens of milliseconds there.
  if (encoded_hash.empty()) {
    std::call_once(dummy_once_, [this] {
      auto h = Hash("kring-dummy-password-for-timing");
      if (h) dummy_hash_ = *h;
    });
  }
  const std::string& hash = encoded_hash.empty() ? dummy_hash_ : encoded_hash;
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  bool ok = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
  return ok && !encoded_hash.empty();
}

namespace {
std::string RandomUrlSafe(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}
}  // namespace

std::string SodiumTokenService::NewToken() { return RandomUrlSafe(32); }
std::string SodiumTokenService::NewCode() { return RandomUrlSafe(12); }

std::string SodiumTokenService::Digest(std::string_view token) {
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

}  // namespace kring::security
