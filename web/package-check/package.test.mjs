// Installs the SDK the way a web team would — `npm pack`, then `npm install <tarball>` into a fresh
// project outside the repository — and checks what they get: types under `strict`, a bundle, and
// the package linters. Nothing here imports web/src. Run by ./test.sh (`npm run test:package`).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(web, 'package.json'), 'utf8'));
const bin = (name) => join(web, 'node_modules', '.bin', name);
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let work;
let tarball;
let consumer;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'peerlink-package-'));
  // prepack builds dist/ (tsc); --json names the tarball written.
  const out = run('npm', ['pack', '--json', '--pack-destination', work, '--loglevel=error'], web);
  const [packed] = JSON.parse(out.slice(out.search(/^\[/m)));
  tarball = join(work, packed.filename);
  consumer = join(work, 'consumer');
  cpSync(join(web, 'package-check', 'consumer'), consumer, { recursive: true });
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const dev = pkg.devDependencies;
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball,
    `typescript@${dev.typescript}`, `esbuild@${dev.esbuild}`], consumer);
});

after(() => rmSync(work, { recursive: true, force: true }));

test('the tarball holds what a consumer needs and nothing else', () => {
  const [{ files }] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--loglevel=error', '--ignore-scripts'], web));
  const paths = files.map((f) => f.path);
  for (const needed of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/index.js.map', 'dist/qr/render.js', 'dist/qr/scan.d.ts']) {
    assert.ok(paths.includes(needed), `${needed} is in the tarball`);
  }
  const stray = paths.filter((p) => !/^(package\.json|README\.md|LICENSE|dist\/.+\.(js|js\.map|d\.ts))$/.test(p));
  assert.deepEqual(stray, [], 'no sources, tests or app in the tarball');
});

test('the package and the repository carry the same licence', () => {
  assert.equal(pkg.license, 'MIT');
  assert.equal(readFileSync(join(web, 'LICENSE'), 'utf8'), readFileSync(join(web, '..', 'LICENSE'), 'utf8'));
});

test('a consumer file type-checks against the installed package with strict', () => {
  run(join(consumer, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], consumer);
});

test('the consumer bundles, and a link-only page bundles without the QR code', () => {
  const esbuild = join(consumer, 'node_modules', '.bin', 'esbuild');
  const opts = ['--bundle', '--format=esm', '--minify', '--target=safari14.1,chrome90,firefox88'];
  run(esbuild, ['main.ts', ...opts, '--outfile=out/main.js'], consumer);
  run(esbuild, ['core-only.ts', ...opts, '--outfile=out/core.js'], consumer);
  const main = readFileSync(join(consumer, 'out', 'main.js'), 'utf8');
  const core = readFileSync(join(consumer, 'out', 'core.js'), 'utf8');
  assert.match(main, /getUserMedia/, 'the scanner is in the full bundle');
  assert.doesNotMatch(core, /getUserMedia|jsQR/, 'no scanner in a core-only bundle');
  assert.ok(core.length < main.length / 2, `core-only ${core.length} B vs full ${main.length} B`);
  assert.deepEqual(readdirSync(join(consumer, 'out')).sort(), ['core.js', 'main.js']);
});

test('publint finds no errors', () => {
  const out = run(bin('publint'), ['run', tarball, '--level', 'warning', '--strict']);
  assert.doesNotMatch(out, /error/i, out);
});

test('are-the-types-wrong finds no problems (ESM-only package)', () => {
  run(bin('attw'), [tarball, '--profile', 'esm-only', '--no-emoji', '--no-color']);
});
