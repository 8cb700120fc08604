// Checks that the Dutch and English tables have exactly the same keys and the same {placeholders}
// per key. TypeScript also enforces the keys (nl.ts is typed by en.ts); this gives a readable list.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'i18n');
// One entry per line: `  key: 'text',` or `  key: "text",`
const ENTRY = /^\s+([a-z][a-zA-Z0-9_]*):\s*(['"`])(.*)\2,?\s*$/;

function load(name) {
  const table = new Map();
  const lines = readFileSync(path.join(dir, `${name}.ts`), 'utf8').split('\n');
  lines.forEach((line, i) => {
    const m = line.match(ENTRY);
    if (!m) return;
    if (table.has(m[1])) throw new Error(`${name}.ts:${i + 1}: duplicate key ${m[1]}`);
    table.set(m[1], m[3]);
  });
  return table;
}

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
const en = load('en');
const nl = load('nl');
const problems = [];
for (const k of en.keys()) if (!nl.has(k)) problems.push(`missing in nl: ${k}`);
for (const k of nl.keys()) if (!en.has(k)) problems.push(`missing in en: ${k}`);
for (const [k, v] of en) {
  if (nl.has(k) && placeholders(v) !== placeholders(nl.get(k)))
    problems.push(`placeholders differ for ${k}: en {${placeholders(v)}} nl {${placeholders(nl.get(k))}}`);
  if (v.trim() === '') problems.push(`empty English text: ${k}`);
  if (nl.has(k) && nl.get(k).trim() === '') problems.push(`empty Dutch text: ${k}`);
}
if (en.size < 50) problems.push(`only ${en.size} keys found: is the table format still one key per line?`);
if (problems.length) {
  console.error('i18n check failed:\n  ' + problems.join('\n  '));
  process.exit(1);
}
console.log(`i18n: nl and en both have ${en.size} keys with matching placeholders`);
