// The room demo (what scripts/demo runs after setup and build): starts weir-room, prints the URL
// to open and, every few seconds, per-room statistics from GET /stats (peers, producers,
// consumers, bitrate in and out, the worker and its CPU). Ctrl-C stops it cleanly.
// --check instead runs three headless Chromium participants in one room for --seconds, prints
// what each received from whom, and exits 0 only if every participant decoded video and audio
// from both others.
//   node scripts/demo-room.mjs [--listen HOST:PORT] [--workers N] [--interval S]
//                              [--check [--seconds N]]
import { parseArgs } from 'node:util';
import {
  RoomServer, chromiumBrowser, joinPeer, received, describe, sleep,
} from '../test/browser/lib/room.mjs';

const { values: opt } = parseArgs({
  options: {
    listen: { type: 'string' },
    workers: { type: 'string', default: '0' },
    interval: { type: 'string', default: '3' },
    check: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '20' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opt.help) {
  console.log(`usage: scripts/demo [--listen HOST:PORT] [--workers N] [--interval S]
       scripts/demo --check [--seconds N]
       scripts/demo --plain [--seconds N] [--consumers N] [--out DIR]   (ffmpeg over RTP, no browser)`);
  process.exit(0);
}

const mbps = (bps) => `${((bps ?? 0) / 1e6).toFixed(2).padStart(6)} Mbit/s`;

function formatStats(stats, t) {
  const lines = [`--- ${t.toFixed(0).padStart(4)} s ` + '-'.repeat(70)];
  for (const w of stats.workers) {
    lines.push(`worker ${w.pid}  cpu ${(w.cpuPercent ?? 0).toFixed(1).padStart(5)}%  ` +
      `routers ${w.routers}  consumers ${w.consumers}`);
  }
  if (stats.rooms.length === 0) lines.push('no rooms yet: open the URL above in a browser or two');
  for (const r of stats.rooms) {
    lines.push(`room ${r.roomId.padEnd(12)} peers ${String(r.peers).padStart(2)}  producers ` +
      `${String(r.producers).padStart(2)}  consumers ${String(r.consumers).padStart(3)}  ` +
      `in ${mbps(r.bitrateIn)}  out ${mbps(r.bitrateOut)}  worker ${r.workerPid}`);
  }
  return lines.join('\n');
}

async function printStatsEvery(server, seconds, until) {
  const t0 = Date.now();
  while (!until()) {
    await sleep(seconds * 1000);
    if (until()) break;
    try {
      console.log(formatStats(await server.stats(), (Date.now() - t0) / 1000));
    } catch (e) {
      console.log(`stats: ${e.message}`);
    }
  }
}

// Three participants in one room for `seconds`; true if each decoded both others.
async function check(server, seconds) {
  const browser = await chromiumBrowser();
  const room = 'demo-check';
  const peers = [];
  let done = false;
  try {
    for (const name of ['ada', 'bo', 'cy']) {
      const p = await joinPeer(browser, server, { room, name });
      if (p.state !== 'joined') throw new Error(`${name} could not join: ${JSON.stringify(p.error)}`);
      peers.push(p);
      console.log(`${name} joined ${room} as ${p.peerId}`);
    }
    const stats = printStatsEvery(server, 5, () => done);
    await sleep(seconds * 1000);
    done = true;
    await stats;
    const names = Object.fromEntries(peers.map((p) => [p.peerId, p.name]));
    const got = {};
    for (const p of peers) got[p.name] = await received(p);
    console.log(`\nwhat each participant received in ${seconds} s:\n${describe(got, names)}`);
    let ok = true;
    for (const p of peers) {
      for (const q of peers.filter((x) => x !== p)) {
        const r = got[p.name][q.peerId];
        if (!r || r.video.framesDecoded < 10 || r.audio.packetsReceived < 20) {
          console.log(`${p.name} did not decode video and audio from ${q.name}`);
          ok = false;
        }
      }
    }
    return ok;
  } finally {
    done = true;
    await browser.close();
  }
}

let server;
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  const exit = server ? await server.stop() : 0;
  if (exit !== 0 && exit !== 'SIGINT' && exit !== 'SIGTERM') {
    console.log(`weir-room exited ${exit}`);
    if (code === 0) code = 1;
  }
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    console.log('\ninterrupted: stopping weir-room');
    stop(opt.check ? 1 : 0);
  });
}

try {
  server = await RoomServer.start({
    listen: opt.listen ?? (opt.check ? null : '127.0.0.1:8080'), workers: Number(opt.workers),
  });
} catch (e) {
  console.error(`demo: ${e.message}`);
  process.exit(1);
}
const workers = (await server.stats()).workers.map((w) => w.pid);
console.log(`weir-room is running with ${workers.length} worker(s) (${workers.join(', ')})`);
if (opt.check) {
  let ok = false;
  try {
    ok = await check(server, Number(opt.seconds));
  } catch (e) {
    console.log(`check: ${e.message}`);
  }
  console.log(ok ? 'demo --check: ok' : 'demo --check: FAILED');
  await stop(ok ? 0 : 1);
} else {
  console.log(`\nopen ${server.url}?room=demo&name=YourName in Chromium or Firefox ` +
    '(another tab or machine: another name); Ctrl-C stops\n');
  server.exited.then((code) => {
    if (!stopping) {
      console.log(`weir-room exited ${code}:\n${server.log}`);
      process.exit(1);
    }
  });
  await printStatsEvery(server, Number(opt.interval), () => stopping);
}
