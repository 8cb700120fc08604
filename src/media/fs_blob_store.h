// FsBlobStore: BlobStore on the local file system. A blob lives at <root>/ab/cd/<sha256-hex>; it is
// written to <root>/tmp first, fsync'd and renamed into place (then the directory is fsync'd), so a
// crash leaves either the whole blob or none of it, never a torn file under its final name.
//
// Thread safety: all methods are safe from any thread (rename is atomic; writers of the same hash
// write identical bytes).
#pragma once

#include <memory>
#include <string>

#include "app/ports/media_repo.h"

namespace kring::media {

class FsBlobStore final : public app::BlobStore {
 public:
  // Creates `root` (and root/tmp) if needed. Errors: kUnavailable naming the directory.
  static Result<std::unique_ptr<FsBlobStore>> Open(const std::string& root);

  std::string HashOf(std::string_view bytes) override;
  Result<std::string> Put(std::string_view bytes) override;
  Result<std::string> PutFile(const std::string& path) override;
  std::optional<std::string> PathOf(const std::string& hash) override;
  Status Remove(const std::string& hash) override;

 private:
  explicit FsBlobStore(std::string root) : root_(std::move(root)) {}
  std::string PathFor(const std::string& hash) const;
  const std::string root_;
};

// Hex SHA-256 (libsodium).
std::string Sha256Hex(std::string_view bytes);

}  // namespace kring::media
