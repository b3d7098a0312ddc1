// Builds the browser bundles served by the rendezvous (default) or the package's own dist/ (--lib).
// Imported (bench/), it only exports the esbuild options, so measured bundles are the served ones.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** esbuild options of every browser bundle (add entryPoints and outfile or write: false). */
export const browserBuildOptions = {
  bundle: true,
  format: 'esm',
  target: ['safari14.1', 'chrome90', 'firefox88'],
  // esbuild lowers `?.` for Chrome < 91 because of one V8 bug: an optional call with a spread
  // argument that is not the last one, `a?.f(...xs, y)` (crbug.com/42201552). Safari 13.1+ and
  // Firefox 74+ are fine, and no module here writes that form, so `?.` ships as it is.
  supported: { 'optional-chain': true },
  minify: true,
  legalComments: 'none',
};

const main = process.argv[1] !== undefined && realpathSync(fileURLToPath(import.meta.url)) === realpathSync(process.argv[1]);
const lib = process.argv.includes('--lib');

if (!main) {
  // imported for its options
} else if (lib) {
  const dist = join(here, 'dist');
  rmSync(dist, { recursive: true, force: true });
  // tsc writes ESM + .d.ts for every module; the package exports point into it.
  execFileSync(process.execPath, [join(here, 'node_modules/typescript/bin/tsc'), '-p', join(here, 'tsconfig.lib.json')], {
    stdio: 'inherit',
  });
  console.log('dist/ written');
} else {
  const out = join(here, '../src/PeerLink.Server/wwwroot');
  const entries = [
    { from: 'src/index.ts', to: 'sdk/peerlink.js' },
    { from: 'src/qr/render.ts', to: 'sdk/qr.js' },
    { from: 'src/qr/scan.ts', to: 'sdk/scan.js' },
    { from: 'app/main.ts', to: 'app.js' },
  ];
  mkdirSync(out, { recursive: true });
  for (const entry of entries) {
    const source = join(here, entry.from);
    if (!existsSync(source)) {
      console.warn(`warning: ${entry.from} does not exist yet; ${entry.to} not built`);
      continue;
    }
    await build({
      ...browserBuildOptions,
      entryPoints: [source],
      outfile: join(out, entry.to),
      sourcemap: true,
      logLevel: 'warning',
    });
    console.log(`${entry.to} written`);
  }
  // The SDK again under its version, for pages on other origins (CDN-style, immutable: the
  // rendezvous caches /sdk/<version>/ for a year), with Subresource-Integrity hashes to pin it by.
  const { version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
  const versioned = join(out, 'sdk', version);
  mkdirSync(versioned, { recursive: true });
  const integrity = {};
  for (const { to } of entries.filter((e) => e.to.startsWith('sdk/'))) {
    const name = to.slice('sdk/'.length);
    if (!existsSync(join(out, to))) continue;
    copyFileSync(join(out, to), join(versioned, name));
    copyFileSync(join(out, `${to}.map`), join(versioned, `${name}.map`));
    integrity[name] = `sha384-${createHash('sha384').update(readFileSync(join(versioned, name))).digest('base64')}`;
  }
  writeFileSync(join(versioned, 'integrity.json'), `${JSON.stringify(integrity, null, 2)}\n`);
  console.log(`sdk/${version}/ written (integrity.json: ${Object.keys(integrity).join(', ')})`);
  const app = join(here, 'app');
  const statics = existsSync(app) ? readdirSync(app).filter((f) => f === 'index.html' || f.endsWith('.css')) : [];
  if (!statics.includes('index.html')) console.warn('warning: app/index.html does not exist yet; not copied');
  for (const file of statics) {
    copyFileSync(join(app, file), join(out, file));
    console.log(`${file} copied`);
  }
}
