// After `vite build`: writes .gz and .br siblings of every text asset (served by `kring serve` when
// the browser accepts them), reports the initial JavaScript size, and fails when it is over budget.
import { readFileSync, writeFileSync, readdirSync, statSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const BUDGET_BYTES = 100 * 1024; // initial JavaScript, gzipped (issue 4)
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/;

const gzip = (buf) => zlib.gzipSync(buf, { level: 9 });
const brotli = (buf) =>
  zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
    },
  });

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

// The manifest is for this script only; it is not served.
const manifestPath = path.join(dist, '.vite', 'manifest.json');
if (!existsSync(manifestPath)) throw new Error(`no Vite manifest at ${manifestPath}`);
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
rmSync(path.join(dist, '.vite'), { recursive: true, force: true });

let compressed = 0;
for (const file of walk(dist)) {
  if (!COMPRESSIBLE.test(file)) continue;
  const raw = readFileSync(file);
  if (raw.length < 256) continue; // not worth a second request path
  writeFileSync(file + '.gz', gzip(raw));
  writeFileSync(file + '.br', brotli(raw));
  compressed++;
}

// Initial JavaScript: the entry chunk and everything it imports statically (not lazy chunks).
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const seen = new Set();
const visit = (key) => {
  if (seen.has(key)) return;
  seen.add(key);
  for (const dep of manifest[key].imports || []) visit(dep);
};
visit(entryKey);
const rows = [...seen].map((key) => {
  const file = manifest[key].file;
  const raw = readFileSync(path.join(dist, file));
  return { file, raw: raw.length, gz: gzip(raw).length, br: brotli(raw).length };
});
const lazy = Object.values(manifest).filter((m) => m.file.endsWith('.js') && m.isDynamicEntry).length;
const css = [...seen].flatMap((key) => manifest[key].css || []);
const cssGz = css.reduce((n, f) => n + gzip(readFileSync(path.join(dist, f))).length, 0);
const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, gz: a.gz + r.gz, br: a.br + r.br }), { raw: 0, gz: 0, br: 0 });
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

console.log(`\nkring web: precompressed ${compressed} files (.gz, .br)`);
for (const r of rows) console.log(`  ${r.file}  ${kb(r.raw)} raw, ${kb(r.gz)} gzip, ${kb(r.br)} brotli`);
console.log(`kring web: initial JavaScript ${kb(total.gz)} gzipped (${kb(total.br)} brotli, ${kb(total.raw)} raw); ` +
  `budget ${kb(BUDGET_BYTES)}; ${lazy} lazy chunk(s); initial CSS ${kb(cssGz)} gzipped`);
if (total.gz > BUDGET_BYTES) {
  console.error(`kring web: FAIL: initial JavaScript is ${kb(total.gz)} gzipped, over the ${kb(BUDGET_BYTES)} budget`);
  process.exit(1);
}
