#include "media/fs_blob_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

namespace kring::media {

namespace fs = std::filesystem;

namespace {

bool IsHash(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

Error IoError(const std::string& what, int err) {
  return Unavailable(err == ENOSPC || err == EDQUOT ? "storage_full" : "storage_unavailable",
                   err == ENOSPC || err == EDQUOT ? "The server's disk is full." : "Storage is unavailable; try again later.",
                   what + ": " + std::strerror(err));
}

Status FsyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return IoError("open " + path, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return IoError("fsync " + path, err);
  return Status::Ok();
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

Result<std::string> FsBlobStore::PutFile(const std::string& path) {
  // Videos are at most a few tens of MB after transcoding (720p, 3 minutes by default), so the
  // file is read whole and stored through Put's temp + fsync + rename path.
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("open " + path, errno);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return IoError("read " + path, errno);
  return Put(bytes);
}

Result<std::unique_ptr<FsBlobStore>> FsBlobStore::Open(const std::string& root) {
  std::error_code ec;
  fs::create_directories(fs::path(root) / "tmp", ec);
  if (ec)
    return Unavailable("storage_unavailable", "Cannot create the media directory " + root + ": " + ec.message());
  // Temporary files left by a crash mid-write are garbage.
  for (const auto& entry : fs::directory_iterator(fs::path(root) / "tmp", ec)) fs::remove(entry.path(), ec);
  return std::unique_ptr<FsBlobStore>(new FsBlobStore(root));
}

std::string FsBlobStore::HashOf(std::string_view bytes) { return Sha256Hex(bytes); }

std::string FsBlobStore::PathFor(const std::string& hash) const {
  return root_ + "/" + hash.substr(0, 2) + "/" + hash.substr(2, 2) + "/" + hash;
}

Result<std::string> FsBlobStore::Put(std::string_view bytes) {
  const std::string hash = Sha256Hex(bytes);
  const std::string path = PathFor(hash);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && static_cast<uint64_t>(st.st_size) == bytes.size()) return hash;
  const std::string dir = fs::path(path).parent_path().string();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return IoError("mkdir " + dir, ec.value());
  static std::atomic<uint64_t> counter{0};
  const std::string tmp = root_ + "/tmp/" + hash + "." + std::to_string(::getpid()) + "." +
                          std::to_string(counter.fetch_add(1));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("create " + tmp, errno);
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n < 0 ? errno : EIO;
      ::close(fd);
      ::unlink(tmp.c_str());
      return IoError("write " + tmp, err);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return IoError("fsync " + tmp, err);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return IoError("rename " + tmp, err);
  }
  KRING_TRY(FsyncPath(dir, O_RDONLY | O_DIRECTORY));
  return hash;
}

std::optional<std::string> FsBlobStore::PathOf(const std::string& hash) {
  if (!IsHash(hash)) return std::nullopt;
  std::string path = PathFor(hash);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return path;
}

Status FsBlobStore::Remove(const std::string& hash) {
  if (!IsHash(hash)) return Status::Ok();
  const std::string path = PathFor(hash);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return IoError("unlink " + path, errno);
  return Status::Ok();
}

}  // namespace kring::media
