// StaticFiles: serves the built web app (web/dist) with the rules a single-page app needs:
// hashed assets under /assets/ cached for a year (immutable), everything else revalidated;
// precompressed .br/.gz variants when the browser accepts them; unknown paths without a file
// extension fall back to index.html (client-side routing); a strict Content-Security-Policy with
// no inline script.
//
// Thread safety: immutable after construction; Serve() from any thread.
#pragma once

#include <optional>
#include <string>

#include "net/http_message.h"

namespace kring::web {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);
  bool available() const { return available_; }
  const std::string& root() const { return root_; }
  // nullopt when nothing matches (the caller answers 404).
  std::optional<net::HttpResponse> Serve(const net::HttpRequest& request) const;

 private:
  std::string root_;
  bool available_ = false;
};

// The CSP sent with every HTML page.
extern const char* const kHtmlContentSecurityPolicy;

// The web root to use: `configured` when set, else web/dist beside the binary's build tree, else
// ./web/dist.
std::string ResolveWebRoot(const std::string& configured);

}  // namespace kring::web
