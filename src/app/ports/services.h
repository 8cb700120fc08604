// Small ports for side effects the use cases need: passwords, random tokens, Markdown rendering,
// time zones and domain events. Each has a real implementation in an adapter and a fake for tests.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "core/events.h"
#include "core/unicode_text.h"

namespace kring::app {

class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;
  virtual Result<std::string> Hash(std::string_view password) = 0;
  // Constant-time with respect to the password.
  virtual bool Verify(std::string_view password, const std::string& encoded_hash) = 0;
};

class TokenService {
 public:
  virtual ~TokenService() = default;
  // A new random token (at least 256 bits, URL-safe).
  virtual std::string NewToken() = 0;
  // A short random code for invite links (at least 64 bits, URL-safe).
  virtual std::string NewCode() = 0;
  // The one-way digest stored in place of a token (hex SHA-256).
  virtual std::string Digest(std::string_view token) = 0;
};

struct RenderedText {
  std::string html;
  std::vector<core::TextToken> tokens;  // hashtags and mentions found in the text
};

class MarkdownRenderer {
 public:
  virtual ~MarkdownRenderer() = default;
  // `mention_href(key)` returns the link for a known account (e.g. "/@anna"), or nullopt to leave
  // the mention as plain text.
  virtual RenderedText Render(std::string_view markdown,
                              const std::function<std::optional<std::string>(std::string_view)>& mention_href) = 0;
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Called after the transaction that caused the event committed. Must not block for long.
  virtual void Publish(const core::DomainEvent& event) = 0;
};

// Whether an IANA time zone name exists on this system.
using TimeZoneExists = std::function<bool(std::string_view)>;

}  // namespace kring::app
