// Weir against a real browser: headless Debian Chromium running mediasoup-client publishes its
// fake camera (VP8 or H264) and microphone (Opus) to a WebRtcTransport and consumes both back
// through a second one. Each case asserts what the receiving side's getStats() shows.
//   VP8 over UDP, H264, ICE over TCP only, transports on a WebRtcServer, IPv6 (::1), and an ICE
//   restart mid-call after which media resumes.
import assert from 'node:assert/strict';
import { Weirctl } from '../browser/lib/weirctl.mjs';
import { buildBundle, serve, launch, openPage } from '../browser/lib/browser.mjs';

const MEDIA_CODECS = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000 },
  { kind: 'video', mimeType: 'video/H264', clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 } },
];
const UDP_TCP = { listenInfos: [{ protocol: 'udp', ip: '127.0.0.1' }, { protocol: 'tcp', ip: '127.0.0.1' }] };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls the page until the receiving side decoded enough, or the time is up.
async function waitReceived(page, { frames = 50, audioPackets = 100, timeoutMs = 25000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let got;
  while (Date.now() < deadline) {
    got = await page.evaluate(() => window.weirReceived());
    if (got.video.framesDecoded > frames && got.audio.packetsReceived > audioPackets) return got;
    await sleep(500);
  }
  return got;
}

async function selectedTuple(weir, transportId) {
  const stats = await weir.request('transport.getStats', transportId);
  return stats.webRtc.iceSelectedTuple;
}

const cases = [
  {
    name: 'VP8 + Opus over UDP',
    options: { videoCodec: 'video/VP8', transport: UDP_TCP },
    async check(weir, ids, got) {
      assert.equal(got.video.codec, 'video/VP8');
      assert.equal((await selectedTuple(weir, ids.recv)).protocol, 'udp');
    },
  },
  {
    name: 'H264 + Opus',
    options: { videoCodec: 'video/H264', transport: UDP_TCP },
    async check(weir, ids, got) { assert.equal(got.video.codec, 'video/H264'); },
  },
  {
    name: 'ICE over TCP only (UDP disabled)',
    options: { videoCodec: 'video/VP8',
               transport: { ...UDP_TCP, enableUdp: false } },
    async check(weir, ids) {
      for (const id of [ids.send, ids.recv]) assert.equal((await selectedTuple(weir, id)).protocol, 'tcp');
    },
  },
  {
    name: 'transports on a WebRtcServer',
    async setup(weir) {
      const udp = 41000 + Math.floor(Math.random() * 2000);
      await weir.request('worker.createWebRtcServer', '', {
        webRtcServerId: 'server1',
        listenInfos: [{ protocol: 'udp', ip: '127.0.0.1', port: udp },
                      { protocol: 'tcp', ip: '127.0.0.1', port: udp }],
      });
      return { videoCodec: 'video/VP8', transport: { webRtcServerId: 'server1' } };
    },
    async check(weir, ids) {
      const dump = await weir.request('webRtcServer.dump', 'server1');
      assert.deepEqual([...dump.webRtcTransportIds].sort(), [ids.send, ids.recv].sort());
      assert.ok(dump.tupleCount >= 2, `server tuples: ${dump.tupleCount}`);
    },
  },
  {
    name: 'IPv6 (::1)',
    options: { videoCodec: 'video/VP8', transport: { listenInfos: [{ protocol: 'udp', ip: '::1' }] } },
    async check(weir, ids) {
      // The browser may reach ::1 from another of the host's IPv6 addresses; both ends are IPv6.
      const tuple = await selectedTuple(weir, ids.recv);
      assert.equal(tuple.localAddress, '::1');
      assert.ok(tuple.remoteIp.includes(':'), `remote ${tuple.remoteIp} is IPv6`);
    },
  },
  {
    name: 'restartIce mid-call: media resumes',
    options: { videoCodec: 'video/VP8', transport: UDP_TCP },
    async check(weir, ids, got, page) {
      const before = await weir.request('transport.dump', ids.send);
      await page.evaluate(() => window.weirRestartIce());
      const after = await weir.request('transport.dump', ids.send);
      assert.notEqual(after.webRtc.iceParameters.usernameFragment,
                      before.webRtc.iceParameters.usernameFragment);
      const more = await waitReceived(page, { frames: got.video.framesDecoded + 60,
                                              audioPackets: got.audio.packetsReceived + 100 });
      console.log(`  after restart: ${JSON.stringify(more)}`);
      assert.ok(more.video.framesDecoded > got.video.framesDecoded + 60, 'video resumed');
      assert.ok(more.audio.packetsReceived > got.audio.packetsReceived + 100, 'audio resumed');
    },
  },
];

await buildBundle();
const { server, url } = await serve();
const browser = await launch();
let failures = 0;
try {
  for (const c of cases) {
    const weir = await Weirctl.start();
    const page = await openPage(browser, url, weir);
    try {
      await weir.request('worker.createRouter', '', { routerId: 'r1', mediaCodecs: MEDIA_CODECS });
      const options = { routerId: 'r1', ...(c.setup ? await c.setup(weir) : c.options) };
      const ids = await page.evaluate((o) => window.weirCall(o), options);
      const got = await waitReceived(page);
      console.log(`${c.name}: ${JSON.stringify(got)}`);
      assert.ok(got.video.framesDecoded > 50, `framesDecoded ${got.video.framesDecoded}`);
      assert.ok(got.audio.packetsReceived > 100, `audio packetsReceived ${got.audio.packetsReceived}`);
      await c.check(weir, ids, got, page);
      console.log(`ok   ${c.name}`);
    } catch (e) {
      failures++;
      console.log(`FAIL ${c.name}: ${e.stack || e}`);
      console.log(weir.events.map((e) => `  ${e.handlerId} ${e.event} ${JSON.stringify(e.body)}`).join('\n'));
    } finally {
      await page.close();
      const code = await weir.close();
      if (code !== 0) {
        failures++;
        console.log(`FAIL ${c.name}: weirctl exited ${code}`);
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(failures === 0 ? 0 : 1);
