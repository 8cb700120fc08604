// libsodium implementations of the PasswordHasher and TokenService ports.
//
// Passwords: argon2id (crypto_pwhash_str) at libsodium's "interactive" limits (2 passes, 64 MiB),
// which costs ~50-100 ms per hash on a small server: slow for attackers, fine for log-ins.
// Tokens: 32 random bytes, URL-safe base64; stored only as a SHA-256 digest, so a leaked database
// does not leak working sessions. Lookups go by digest; a digest compare is constant-time.
//
// Thread safety: both are stateless and safe from any thread after InitSodium().
#pragma once

#include <mutex>

#include "app/ports/services.h"

namespace kring::security {

// Initialises libsodium once; false if the library cannot start (no entropy source).
bool InitSodium();

class SodiumPasswordHasher final : public app::PasswordHasher {
 public:
  // `memlimit_bytes` / `opslimit` default to libsodium's interactive limits.
  SodiumPasswordHasher();
  SodiumPasswordHasher(unsigned long long opslimit, size_t memlimit_bytes);
  Result<std::string> Hash(std::string_view password) override;
  bool Verify(std::string_view password, const std::string& encoded_hash) override;

 private:
  unsigned long long opslimit_;
  size_t memlimit_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // verified against when the account does not exist (equal timing); set once
};

class SodiumTokenService final : public app::TokenService {
 public:
  std::string NewToken() override;
  std::string NewCode() override;
  std::string Digest(std::string_view token) override;
};

// Constant-time equality of two strings of equal length (false when lengths differ).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace kring::security
