#!/usr/bin/env node
// Token, QR and bundle sizes. Writes the "Token and QR size" and "Bundle size" sections of
// docs/benchmarks.md (between the markers below) and prints the same tables.
//
//   node bench/token-size.mjs            measure and update docs/benchmarks.md
//   node bench/token-size.mjs --print    measure and print only
//
// Needs web/node_modules (cd web && npm ci). It bundles the SDK's own codec and the QR module from
// web/src with esbuild, so the numbers are those of the code in the tree.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const require = createRequire(join(web, 'package.json'));
const { build } = require('esbuild');
const QRCode = require('qrcode');

const ORIGIN = 'https://pay.example.com'; // a realistic app origin; the link is `${ORIGIN}/#<token>`
const ORIGINS = ['https://pay.io', 'https://pay.example.com', 'https://payments.example-bank.com'];
const NOW = 1795000000000; // fixed, so the report is reproducible (lengths do not depend on it)
const BUNDLE_GOAL = 12 * 1024;

// --- the SDK's codec and the QR planner, straight from web/src ---------------------------------
async function loadSdk() {
  const out = await build({
    stdin: {
      contents: `export { compactSdp } from './src/sdp.ts';
                 export { encodeToken, decodeToken } from './src/token-codec.ts';
                 export { planQr } from './src/qr/render.ts';
                 export { tokenCandidates } from './src/offerer.ts';`,
      resolveDir: web,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser', // qrcode's browser build: no fs
    write: false,
    logLevel: 'error',
  });
  const dir = mkdtempSync(join(tmpdir(), 'peerlink-bench-'));
  const file = join(dir, 'sdk.mjs');
  writeFileSync(file, out.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- offers --------------------------------------------------------------------------------------
function offers() {
  const list = [
    { name: 'Chromium-like', file: 'bench/offers/chromium.sdp', note: '1 mDNS host; 1 tcp active (dropped)' },
    { name: 'Firefox-like', file: 'bench/offers/firefox.sdp', note: 'IPv4 and IPv6 host, 1 srflx; 1 tcp active (dropped)' },
    { name: 'phone-like', file: 'bench/offers/phone.sdp', note: '2 mDNS hosts, 1 srflx, 2 relay; 1 tcp active (dropped)' },
  ].map((o) => ({ ...o, sdp: readFileSync(join(root, o.file), 'utf8') }));
  // The shared vectors (spec/vectors/descriptions.json) hold SDPs captured from real browsers.
  const vectors = join(root, 'spec/vectors/descriptions.json');
  if (existsSync(vectors)) {
    const parsed = JSON.parse(readFileSync(vectors, 'utf8'));
    const entries = Array.isArray(parsed) ? parsed : (parsed.descriptions ?? parsed.valid ?? []);
    for (const v of entries) {
      if (typeof v?.sdp === 'string' && /a=setup:actpass/.test(v.sdp)) {
        list.push({ name: `vector: ${v.name}`, file: 'spec/vectors/descriptions.json', note: '', sdp: v.sdp });
      }
    }
  }
  return list;
}

function secret() {
  return Uint8Array.from({ length: 16 }, (_, i) => (i * 151 + 89) & 0xff);
}

function tokenRows(sdk) {
  return offers().map((offer) => {
    const description = sdk.compactSdp(offer.sdp);
    const make = (candidates) => ({ version: 1, expiresAt: NOW + 300000, createdAt: NOW, secret: secret(), offer: { ...description, candidates } });
    // What the offerer puts in the token (spec §5.3: relay candidates go through the mailbox) …
    const token = make(sdk.tokenCandidates(description.candidates));
    // … and, for comparison, the token with every candidate.
    const full = make(description.candidates);
    const compact = sdk.encodeToken(token, 'compact');
    const json = sdk.encodeToken(token, 'json');
    sdk.decodeToken(compact, NOW); // the report only counts tokens the SDK reads back
    sdk.decodeToken(sdk.encodeToken(token, 'digits'), NOW);
    const link = `${ORIGIN}/#${compact}`;
    const plan = sdk.planQr(link);
    const fullCompact = sdk.encodeToken(full, 'compact');
    const fullPlan = sdk.planQr(`${ORIGIN}/#${fullCompact}`);
    const byteUrlPlan = sdk.planQr(`${ORIGIN}/x/#${compact}`); // a path keeps the URL in byte mode
    const relays = description.candidates.length - token.offer.candidates.length;
    return {
      name: offer.name,
      note: offer.note,
      sdp: Buffer.byteLength(offer.sdp),
      candidates: description.candidates.length,
      inToken: token.offer.candidates.length,
      relays,
      bytes: Math.floor((compact.length * 6) / 8),
      fullBytes: Math.floor((fullCompact.length * 6) / 8),
      token: compact,
      compact: compact.length,
      json: json.length,
      link: link.length,
      qrText: QRCode.create(link, { errorCorrectionLevel: 'M' }).version,
      qr: plan.version,
      mode: `${plan.urlMode} + ${plan.tokenMode}`,
      qrByteUrl: byteUrlPlan.version,
      qrFull: fullPlan.version,
      jsonQr: QRCode.create(`${ORIGIN}/#${json}`, { errorCorrectionLevel: 'M' }).version,
    };
  });
}

// --- bundles -------------------------------------------------------------------------------------
// The served bundles' own esbuild options (web/build.mjs exports them when imported).
const { browserBuildOptions } = await import(pathToFileURL(join(web, 'build.mjs')).href);
const TARGET = browserBuildOptions.target;

async function bundleSize(entry) {
  const out = await build({ ...browserBuildOptions, entryPoints: [join(web, entry)], write: false, logLevel: 'error' });
  const code = out.outputFiles[0].contents;
  return { entry, min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const kB = (n) => `${(n / 1024).toFixed(1)} kB`;

function version(name) {
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return '?';
  }
}

function commit() {
  try {
    return execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

// --- report --------------------------------------------------------------------------------------
function report(sdk, rows, bundles) {
  const phone = rows.find((r) => r.name === 'phone-like');
  const core = bundles[0];
  const lines = [
    '<!-- bench/token-size.mjs:begin (generated: edit the script, not this section) -->',
    '## Token and QR size',
    '',
    `Command: \`node bench/token-size.mjs\` (commit ${commit()}, qrcode ${version('qrcode')}, esbuild ${version('esbuild')}).`,
    `Offers: \`bench/offers/*.sdp\`${rows.some((r) => r.name.startsWith('vector')) ? ' and the actpass SDPs of `spec/vectors/descriptions.json`' : ''}; token`,
    `without a rendezvous URL (the link's origin is the app's own rendezvous), 16-byte secret; link`,
    `\`${ORIGIN}/#<token>\`. QR error correction M. The token holds the offer's non-relay candidates (spec §5.3:`,
    'relay candidates are posted to the mailbox before any answer; a relay-only offer keeps them).',
    '"QR as text" is the link encoded as it is (qrcode\'s own segmentation: in effect byte mode); "QR" is',
    'what `renderQr` draws (spec §4.4): the token as digits in numeric mode (one big-endian number in',
    'decimal, spec §4.3) and the origin upper-cased in alphanumeric mode, each only when it makes the',
    'symbol smaller; "URL in byte mode" is the same link behind an app URL with a path (`/x/`), where',
    'case matters; "with relays" is the token that would also carry the relay candidates.',
    '',
    '| offer | candidates kept / in token | SDP | token bytes | with relays | compact token | JSON token | link | QR as text | QR (url + token mode) | URL in byte mode | QR with relays | QR of JSON link |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.candidates} / ${r.inToken}${r.note ? ` (${r.note})` : ''} | ${r.sdp} B | ${r.bytes} B | ${r.fullBytes} B | ${r.compact} chars | ${r.json} chars | ${r.link} chars | v${r.qrText} | **v${r.qr}** (${r.mode}) | v${r.qrByteUrl} | v${r.qrFull} | v${r.jsonQr} |`,
    ),
    '',
    phone === undefined
      ? ''
      : [
          `Goal: version ≤ 8 at level M for the phone-like link. Measured: **v${phone.qr}** — ${phone.qr <= 8 ? 'met' : 'not met'}; v8 holds a token of about ${v8Capacity()} bytes behind this origin with the URL in alphanumeric mode (this one is ${phone.bytes}; with its ${phone.relays} relay candidates it would be ${phone.fullBytes} B, v${phone.qrFull}).`,
          `The origin counts too: the phone-like token behind ${ORIGINS.map((o) => `\`${o}\` → v${sdk.planQr(`${o}/#${phone.token}`).version}`).join(', ')}.`,
        ].join('\n'),
    '',
    '## Bundle size',
    '',
    `Command: \`node bench/token-size.mjs\`. esbuild, minified, target ${TARGET.join(', ')} (as \`web/build.mjs\`); gzip level 9.`,
    '',
    '| bundle | entry | min | min+gzip |',
    '|---|---|---:|---:|',
    ...bundles.map((b) => `| ${b.label} | \`web/${b.entry}\` | ${kB(b.min)} | **${kB(b.gzip)}** |`),
    '',
    `Goal: SDK core ≤ 12 kB min+gzip without the QR entry points. Measured: **${kB(core.gzip)}** — ${core.gzip <= BUNDLE_GOAL ? 'met' : 'not met'}.`,
    'The demo app loads `sdk/qr.js` and `sdk/scan.js` only when a screen needs them (jsQR is most of',
    'the scanner), so a payer who opens a link downloads neither.',
    '<!-- bench/token-size.mjs:end -->',
  ];
  return lines.join('\n');
}

/** Largest token (bytes) whose digit-form link still fits version 8 at level M behind ORIGIN (alphanumeric URL). */
function v8Capacity() {
  let n = 60;
  for (; n < 400; n++) {
    const digits = '9'.repeat(Math.floor(n * Math.log10(256)) + 1); // web/src/digit-form.ts digitWidth(n)
    const segments = [{ mode: 'alphanumeric', data: `${ORIGIN.toUpperCase()}/` }, { mode: 'byte', data: Buffer.from('#') }, { mode: 'numeric', data: digits }];
    const v = QRCode.create(segments, { errorCorrectionLevel: 'M' }).version;
    if (v > 8) return n - 1;
  }
  return n;
}

function writeSection(markdown) {
  const file = join(root, 'docs/benchmarks.md');
  const begin = '<!-- bench/token-size.mjs:begin';
  const end = '<!-- bench/token-size.mjs:end -->';
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) text = text.slice(0, from) + markdown + text.slice(to + end.length);
  else text = `${text.replace(/\n*$/, '\n\n')}${markdown}\n`;
  writeFileSync(file, text);
  return relative(process.cwd(), file);
}

const sdk = await loadSdk();
const rows = tokenRows(sdk);
const bundles = [
  { label: 'SDK core (`sdk/peerlink.js`)', ...(await bundleSize('src/index.ts')) },
  { label: 'QR render (`sdk/qr.js`)', ...(await bundleSize('src/qr/render.ts')) },
  { label: 'QR scan (`sdk/scan.js`)', ...(await bundleSize('src/qr/scan.ts')) },
  { label: 'demo app (`app.js`, QR modules loaded on demand)', ...(await bundleSize('app/main.ts')) },
];
const markdown = report(sdk, rows, bundles);
console.log(markdown);
if (!process.argv.includes('--print')) console.error(`\nwritten: ${writeSection(markdown)}`);
