// The composer's preview: a small Markdown reader that builds elements (never HTML strings), close
// to what the server's cmark-gfm renders: paragraphs with line breaks, headings, lists, quotes,
// code, emphasis, links, #hashtags and @mentions. The published post uses the server's HTML.
import type { ComponentChildren } from 'preact';

const TAG_RE = /(^|[^\p{L}\p{N}_&/#])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/u;
const MENTION_RE = /(^|[^\p{L}\p{N}_/@.])@([\p{L}][\p{L}\p{N}_]{1,29})/u;

export function tagKey(tag: string): string {
  return tag.normalize('NFKC').toLowerCase();
}

type Rule = { re: RegExp; make: (m: RegExpExecArray, key: number) => ComponentChildren; lead?: boolean };

const INLINE: Rule[] = [
  { re: /`([^`]+)`/, make: (m, k) => <code key={k}>{m[1]}</code> },
  { re: /\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/, make: (m, k) => <a key={k} href={m[2]} rel="noopener noreferrer nofollow ugc">{inline(m[1])}</a> },
  { re: /(\*\*|__)(?=\S)([\s\S]*?\S)\1/, make: (m, k) => <strong key={k}>{inline(m[2])}</strong> },
  { re: /~~(?=\S)([\s\S]*?\S)~~/, make: (m, k) => <del key={k}>{inline(m[1])}</del> },
  { re: /(\*|_)(?=\S)([\s\S]*?\S)\1/, make: (m, k) => <em key={k}>{inline(m[2])}</em> },
  { re: /https?:\/\/[^\s<]+[^\s<.,;:!?)'"]/, make: (m, k) => <a key={k} href={m[0]} rel="noopener noreferrer nofollow ugc">{m[0]}</a> },
  { re: TAG_RE, lead: true, make: (m, k) => <a key={k} class="hashtag" href={`/tags/${encodeURIComponent(tagKey(m[2]))}`}>#{m[2]}</a> },
  { re: MENTION_RE, lead: true, make: (m, k) => <a key={k} class="mention" href={`/@${m[2]}`}>@{m[2]}</a> },
];

function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let rest = text;
  let key = 0;
  while (rest) {
    let best: { m: RegExpExecArray; rule: Rule; at: number } | null = null;
    for (const rule of INLINE) {
      const m = rule.re.exec(rest);
      if (!m) continue;
      const at = m.index + (rule.lead ? m[1].length : 0);
      if (!best || at < best.at) best = { m, rule, at };
    }
    if (!best) {
      out.push(...breaks(rest, key));
      break;
    }
    if (best.at > 0) out.push(...breaks(rest.slice(0, best.at), key++));
    out.push(best.rule.make(best.m, key++));
    rest = rest.slice(best.m.index + best.m[0].length);
  }
  return out;
}

function breaks(text: string, key: number): ComponentChildren[] {
  const parts = text.split('\n');
  return parts.flatMap((p, i) => (i === 0 ? [p] : [<br key={`${key}-${i}`} />, p]));
}

export function Markdown({ source }: { source: string }) {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: ComponentChildren[] = [];
  let i = 0;
  let key = 0;
  const isBlank = (l: string) => l.trim() === '';
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = line.match(/^\s*(```|~~~)/);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence[1])) body.push(lines[i++]);
      i++;
      blocks.push(<pre key={key++}><code>{body.join('\n')}</code></pre>);
      continue;
    }
    const heading = line.match(/^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/);
    if (heading) {
      const level = Math.min(6, heading[1].length + 2); // keep under the page's own headings
      const Tag = `h${level}` as 'h3';
      blocks.push(<Tag key={key++}>{inline(heading[2])}</Tag>);
      i++;
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blocks.push(<hr key={key++} />);
      i++;
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i])) body.push(lines[i++].replace(/^\s{0,3}>\s?/, ''));
      blocks.push(<blockquote key={key++}><Markdown source={body.join('\n')} /></blockquote>);
      continue;
    }
    const bullet = /^\s{0,3}[-*+]\s+/;
    const ordered = /^\s{0,3}\d{1,9}[.)]\s+/;
    if (bullet.test(line) || ordered.test(line)) {
      const re = bullet.test(line) ? bullet : ordered;
      const items: string[] = [];
      while (i < lines.length && (re.test(lines[i]) || (!isBlank(lines[i]) && /^\s{2,}/.test(lines[i]) && items.length))) {
        if (re.test(lines[i])) items.push(lines[i].replace(re, ''));
        else items[items.length - 1] += '\n' + lines[i].trim();
        i++;
      }
      const List = re === bullet ? 'ul' : 'ol';
      blocks.push(<List key={key++}>{items.map((it, n) => <li key={n}>{inline(it)}</li>)}</List>);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && !isBlank(lines[i]) && !/^\s*(```|~~~|#{1,6}\s|>)/.test(lines[i])) para.push(lines[i++]);
    if (para.length === 0) para.push(lines[i++]);
    blocks.push(<p key={key++}>{inline(para.join('\n'))}</p>);
  }
  return <>{blocks}</>;
}
