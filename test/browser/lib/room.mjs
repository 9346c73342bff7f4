// Room tests, the room demo and the room load script: a weir-room process, and browser pages that
// join its rooms through the real page (build/share/weir-room) and report what they receive
// (window.weirRoom, see controller/examples/room-server/web/app.js).
import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import puppeteer from 'puppeteer-core';
import { binDir } from './weirctl.mjs';
import { launch, CHROMIUM_MANY_PAGES_ARGS } from './browser.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function webRoot() {
  const build = process.env.WEIR_BUILD || path.resolve(binDir(), '..');
  return path.join(build, 'share', 'weir-room');
}

async function freePort() {
  const s = net.createServer();
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

export class RoomServer {
  // options: {listen ('HOST:PORT'; default 127.0.0.1 and a free port), workers, secret, args}.
  // Resolves once GET /stats answers.
  static async start({ listen = null, workers = 1, secret = null, args = [], quiet = true } = {}) {
    if (!fs.existsSync(path.join(webRoot(), 'app.js'))) {
      throw new Error(`no page bundle in ${webRoot()}: build the weir-room-web target`);
    }
    listen ??= `127.0.0.1:${await freePort()}`;
    const s = new RoomServer(listen, secret);
    const all = ['--listen', listen, ...(workers ? ['--workers', String(workers)] : []),
                 '--web-root', webRoot(), ...s.secretArgs(), ...args];
    s.proc = spawn(path.join(binDir(), 'weir-room'), all, { stdio: ['ignore', 'pipe', 'pipe'] });
    s.exited = new Promise((resolve) => s.proc.on('exit', (code, signal) => resolve(code ?? signal)));
    for (const stream of [s.proc.stdout, s.proc.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (d) => {
        s.log += d;
        if (!quiet || process.env.WEIR_ROOM_LOG) process.stderr.write(d);
      });
    }
    const deadline = Date.now() + 20000;
    for (;;) {
      try {
        await s.stats();
        return s;
      } catch (e) {
        if (s.proc.exitCode !== null || Date.now() > deadline) {
          s.proc.kill('SIGKILL');
          throw new Error(`weir-room did not start (${e.message}):\n${s.log}`);
        }
        await sleep(100);
      }
    }
  }

  constructor(listen, secret) {
    this.listen = listen;
    this.url = `http://${listen}/`;
    this.log = '';
    this.secretFile = null;
    if (secret) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weir-room-'));
      this.secretFile = path.join(dir, 'secret');
      fs.writeFileSync(this.secretFile, `${secret}\n`, { mode: 0o600 });
    }
  }

  secretArgs() {
    return this.secretFile ? ['--secret-file', this.secretFile] : [];
  }

  async stats() {
    const r = await fetch(`${this.url}stats`);
    if (!r.ok) throw new Error(`GET /stats: ${r.status}`);
    return r.json();
  }

  async room(roomId) {
    return (await this.stats()).rooms.find((r) => r.roomId === roomId) ?? null;
  }

  // Polls /stats until pred(room or null) holds (or 10 s pass); returns the last room seen.
  async waitRoom(roomId, pred, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    let room = await this.room(roomId);
    while (!pred(room) && Date.now() < deadline) {
      await sleep(200);
      room = await this.room(roomId);
    }
    return room;
  }

  // `weir-room --make-token ROOM PEER TTL` with this server's secret.
  async makeToken(roomId, peerId, ttlSeconds) {
    const { stdout } = await promisify(execFile)(path.join(binDir(), 'weir-room'),
      [...this.secretArgs(), '--make-token', roomId, peerId, String(ttlSeconds)]);
    return stdout.trim();
  }

  pageUrl({ room, name, token, video = '320x240@15' }) {
    const q = new URLSearchParams({ room, name, video });
    if (token) q.set('token', token);
    return `${this.url}?${q}`;
  }

  // SIGTERM, then SIGKILL after 10 s. Resolves to the exit code (or signal name).
  async stop() {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.kill('SIGTERM');
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10000);
      const code = await this.exited;
      clearTimeout(timer);
      if (this.secretFile) fs.rmSync(path.dirname(this.secretFile), { recursive: true, force: true });
      return code;
    }
    return this.exited;
  }
}

// A browser that opens pages: {name, newPage(), close()}. Chromium: Debian's, through
// playwright-core; Firefox: Debian's firefox-esr through puppeteer-core (WebDriver BiDi).
export async function chromiumBrowser() {
  const b = await launch(CHROMIUM_MANY_PAGES_ARGS);
  return { name: 'chromium', newPage: () => b.context.newPage(), close: () => b.close() };
}

export async function firefoxBrowser() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'weir-firefox-'));
  const b = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      // Real host addresses in candidates, no mDNS names. Firefox gathers no 127.0.0.1
      // candidate even with media.peerconnection.ice.loopback: the server must listen elsewhere.
      'media.peerconnection.ice.obfuscate_host_addresses': false,
      'media.autoplay.default': 0,
      'media.autoplay.block-webaudio': false,
    },
  });
  return {
    name: 'firefox',
    newPage: () => b.newPage(),
    async close() {
      await b.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Polls fn in the page (playwright and puppeteer pages alike) until it returns something truthy.
export async function pollPage(page, fn, arg, { timeoutMs = 20000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await page.evaluate(fn, arg);
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

// A page that joined (or failed to join). Resolves to {page, peerId, state, error}.
export async function joinPeer(browser, server, options, { timeoutMs = 30000 } = {}) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`page error (${options.name}):`, e.message));
  page.on('console', (m) => {
    const type = typeof m.type === 'function' ? m.type() : m.type;
    if (type === 'error' || process.env.WEIR_PAGE_LOG) console.error(`page (${options.name}):`, m.text());
  });
  await page.goto(server.pageUrl(options));
  const r = await pollPage(page, () => {
    const s = window.weirRoom?.state;
    return s === 'joined' || s === 'failed' ? { state: s, peerId: window.weirRoom.peerId, error: window.weirRoom.error } : null;
  }, undefined, { timeoutMs, what: `${options.name} to join` });
  return { page, name: options.name, ...r };
}

export const received = (peer) => peer.page.evaluate(() => window.weirRoom.received());
export const events = (peer, name) => peer.page.evaluate((n) => window.weirRoom.events.filter((e) => !n || e.event === n), name);

// Waits until every peer decoded video (> frames) and received audio (> audioPackets) from each
// of its expected peers (peerIds). Returns {name: received} for the report.
export async function waitDecoded(peers, { from, frames = 20, audioPackets = 50, timeoutMs = 30000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let got = {};
  for (;;) {
    let all = true;
    for (const p of peers) {
      const expect = (from ? from(p) : peers.filter((q) => q !== p).map((q) => q.peerId));
      got[p.name] = await received(p);
      for (const id of expect) {
        const r = got[p.name][id];
        if (!r || r.video.framesDecoded <= frames || r.audio.packetsReceived <= audioPackets) all = false;
      }
    }
    if (all) return got;
    if (Date.now() > deadline) {
      throw new Error(`not everyone decoded everyone within ${timeoutMs} ms: ${JSON.stringify(got)}`);
    }
    await sleep(500);
  }
}

// One line a peer: what it decoded from whom.
export function describe(got, names) {
  return Object.entries(got).map(([who, byPeer]) => `  ${who} <- ` + Object.entries(byPeer).map(([id, r]) =>
    `${names?.[id] ?? id}: ${r.video.framesDecoded} frames ${r.video.codec ?? '?'}, ` +
    `${r.audio.packetsReceived} audio packets`).join('; ')).join('\n');
}

// A tiny test runner: runs the cases in order, prints ok/FAIL, exits 1 on any failure.
export async function runCases(cases, { before, after } = {}) {
  let failures = 0;
  const ctx = before ? await before() : {};
  try {
    for (const [name, fn] of cases) {
      const t0 = Date.now();
      try {
        await fn(ctx);
        console.log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failures++;
        console.log(`FAIL ${name}: ${e.stack || e}`);
      }
    }
  } finally {
    if (after) failures += (await after(ctx)) ? 0 : 1;
  }
  process.exit(failures === 0 ? 0 : 1);
}
