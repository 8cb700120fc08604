#include "text/markdown_renderer.h"

#include "text/markdown.h"

namespace kring::text {

app::RenderedText CmarkMarkdownRenderer::Render(
    std::string_view markdown, const std::function<std::optional<std::string>(std::string_view)>& mention_href) {
  MarkdownOptions options;
  options.mention_href = mention_href;
  RenderedMarkdown r = RenderMarkdown(markdown, options);
  return app::RenderedText{std::move(r.html), std::move(r.tokens)};
}

}  // namespace kring::text
