// Builds the page into a web root: app.js (the page + mediasoup-client, bundled by esbuild),
// index.html and style.css copied beside it. weir-room serves that folder (--web-root).
//   node build.mjs OUT_DIR        (CMake's weir-room-web target: OUT_DIR = build/share/weir-room)
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs OUT_DIR');
  process.exit(2);
}
let esbuild;
try {
  esbuild = (await import('esbuild')).default;
} catch {
  console.error(`build.mjs: esbuild is missing in ${here}/node_modules: run scripts/setup`);
  process.exit(1);
}
fs.mkdirSync(out, { recursive: true });
await esbuild.build({
  entryPoints: [path.join(here, 'app.js')],
  bundle: true,
  format: 'iife',
  target: ['chrome110', 'firefox115'],
  minify: true,
  outfile: path.join(out, 'app.js'),
  logLevel: 'warning',
});
for (const file of ['index.html', 'style.css']) {
  fs.copyFileSync(path.join(here, file), path.join(out, file));
}
