// CmarkMarkdownRenderer: the app::MarkdownRenderer port on cmark-gfm (text/markdown.h).
// Thread safety: stateless; safe from any thread.
#pragma once

#include "app/ports/services.h"

namespace kring::text {

class CmarkMarkdownRenderer final : public app::MarkdownRenderer {
 public:
  app::RenderedText Render(std::string_view markdown,
                           const std::function<std::optional<std::string>(std::string_view)>& mention_href) override;
};

}  // namespace kring::text
