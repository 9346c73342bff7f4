// Load on weir-room with headless Chromium peers (the real page, fake camera 320x240@15 and
// microphone): rooms of --peers peers are added one at a time, --step seconds apart; after each
// step it prints the peers, the bitrate the workers forward (in and out, from GET /stats), the
// workers' CPU, the machine's CPU and the decoded frame rate of every received video stream
// (mean and minimum). It stops at --rooms rooms or when the streams no longer keep up (the
// minimum falls under half the sent rate), and prints the last step that kept up.
//   node scripts/room-load.mjs [--rooms N] [--peers N] [--step S] [--workers N] [--video WxH@FPS]
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { RoomServer, chromiumBrowser, joinPeer, received, sleep } from '../test/browser/lib/room.mjs';

const { values: opt } = parseArgs({
  options: {
    rooms: { type: 'string', default: '6' },
    peers: { type: 'string', default: '3' },
    step: { type: 'string', default: '15' },
    workers: { type: 'string', default: '0' },
    video: { type: 'string', default: '320x240@15' },
  },
});
const fps = Number(/@(\d+)/.exec(opt.video)?.[1] ?? 30);

function machineCpu() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  return { idle, total: f.reduce((a, b) => a + b, 0) };
}

async function decodedFrames(peers) {
  const out = new Map(); // "peer<-remote" -> framesDecoded
  for (const p of peers) {
    const r = await received(p);
    for (const [id, v] of Object.entries(r)) out.set(`${p.peerId}<-${id}`, v.video.framesDecoded);
  }
  return out;
}

const server = await RoomServer.start({ workers: Number(opt.workers) });
const browser = await chromiumBrowser();
const peers = [];
const rows = [];
let stopping = false;
process.on('SIGINT', () => { stopping = true; });
try {
  console.log('rooms peers streams  in Mbit/s out Mbit/s  worker cpu%        machine cpu%  fps mean  fps min');
  for (let room = 1; room <= Number(opt.rooms) && !stopping; room++) {
    for (let i = 1; i <= Number(opt.peers); i++) {
      const p = await joinPeer(browser, server, { room: `load${room}`, name: `r${room}p${i}`, video: opt.video });
      if (p.state !== 'joined') throw new Error(`r${room}p${i}: ${JSON.stringify(p.error)}`);
      peers.push(p);
    }
    await sleep(5000); // ramp-up of the new room's streams
    await server.stats(); // starts the workers' CPU window
    const f0 = await decodedFrames(peers);
    const c0 = machineCpu();
    const t0 = Date.now();
    await sleep(Number(opt.step) * 1000 - 5000);
    const f1 = await decodedFrames(peers);
    const c1 = machineCpu();
    const dt = (Date.now() - t0) / 1000;
    const stats = await server.stats();
    const rates = [...f1].map(([k, v]) => (v - (f0.get(k) ?? 0)) / dt);
    const row = {
      rooms: room, peers: peers.length, streams: rates.length,
      in: stats.rooms.reduce((a, r) => a + r.bitrateIn, 0) / 1e6,
      out: stats.rooms.reduce((a, r) => a + r.bitrateOut, 0) / 1e6,
      workerCpu: stats.workers.map((w) => w.cpuPercent.toFixed(1)).join('+'),
      machineCpu: 100 * (1 - (c1.idle - c0.idle) / (c1.total - c0.total)),
      fpsMean: rates.reduce((a, b) => a + b, 0) / rates.length,
      fpsMin: Math.min(...rates),
    };
    rows.push(row);
    console.log(`${String(row.rooms).padStart(5)} ${String(row.peers).padStart(5)} ${String(row.streams).padStart(7)}` +
      `  ${row.in.toFixed(2).padStart(9)} ${row.out.toFixed(2).padStart(10)}  ${row.workerCpu.padEnd(17)}` +
      ` ${row.machineCpu.toFixed(0).padStart(12)}  ${row.fpsMean.toFixed(1).padStart(8)}  ${row.fpsMin.toFixed(1).padStart(7)}`);
    if (row.fpsMin < fps / 2) {
      console.log(`the streams no longer keep up (sent at ${fps} fps): stopping`);
      break;
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
const kept = rows.filter((r) => r.fpsMin >= fps / 2).at(-1);
console.log(kept
  ? `carried: ${kept.peers} peers in ${kept.rooms} rooms, ${kept.streams} video streams decoded, ` +
    `${kept.out.toFixed(2)} Mbit/s forwarded, workers at ${kept.workerCpu}% CPU, machine ${kept.machineCpu.toFixed(0)}%`
  : 'not even one room kept up');
