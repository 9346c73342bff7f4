// Headless Debian Chromium driven by playwright-core (never a downloaded browser), with a page
// that runs mediasoup-client bundled by esbuild, served from a local HTTP server.
import { chromium } from 'playwright-core';
import esbuild from 'esbuild';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const pageDir = path.resolve(here, '../page');
const distDir = path.resolve(here, '../dist');

// Flags that work on this kind of machine (../shared/FIELD-NOTES.md); loopback candidates need
// --allow-loopback-in-peer-connection.
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required',
];

export async function buildBundle() {
  fs.mkdirSync(distDir, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(pageDir, 'client.js')],
    bundle: true,
    format: 'iife',
    outfile: path.join(distDir, 'client.js'),
    logLevel: 'error',
  });
}

// Serves page/index.html and dist/client.js on 127.0.0.1 (a secure context for getUserMedia).
export async function serve() {
  const server = http.createServer((req, res) => {
    const file = req.url === '/client.js' ? path.join(distDir, 'client.js') : path.join(pageDir, 'index.html');
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

// Several pages of one browser each run a call (room tests): none may be throttled as a
// background tab.
export const CHROMIUM_MANY_PAGES_ARGS = [
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export async function launch(extraArgs = []) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weir-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// A page whose window.weirRequest(method, handlerId, body) goes to `weirctl`.
export async function openPage(browser, url, weirctl) {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('crash', () => console.error('page crashed'));
  page.on('close', () => console.error('page closed'));
  page.on('console', (m) => { if (m.type() === 'error' || process.env.WEIR_PAGE_LOG) console.error('page console:', m.text()); });
  await page.exposeFunction('weirRequest', async (method, handlerId, body) => {
    try {
      return { ok: true, body: await weirctl.request(method, handlerId, body) };
    } catch (e) {
      return { ok: false, error: e.message };
    }
  });
  await page.goto(url);
  await page.waitForFunction(() => typeof window.weirCall === 'function');
  return page;
}
