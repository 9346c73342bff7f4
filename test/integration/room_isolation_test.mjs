// weir-room keeps rooms apart: two rooms with two Chromium peers each run at once; no consumer,
// event or audio level of one room names a peer or producer of the other; a peer that names the
// other room's transports, producers or consumers is refused (forbidden), and there is no signal
// that consumes a producer by id; the refused requests change nothing over there.
import assert from 'node:assert/strict';
import {
  RoomServer, chromiumBrowser, joinPeer, waitDecoded, received, describe, runCases, sleep,
} from '../browser/lib/room.mjs';

const ROOMS = { north: ['ann', 'arno'], south: ['bea', 'bert'] };

// Every peer id an event of a room names.
function namedPeers(e) {
  const d = e.data ?? {};
  if (e.event === 'audioLevels') return (d.levels ?? []).map((l) => l.peerId);
  return d.peerId ? [d.peerId] : [];
}

runCases([
  ['two rooms at once: each peer decodes its room-mate only', async (ctx) => {
    for (const [room, names] of Object.entries(ROOMS)) {
      for (const name of names) {
        const p = await joinPeer(ctx.browser, ctx.server, { room, name });
        assert.equal(p.state, 'joined', `${name}: ${JSON.stringify(p.error)}`);
        ctx.peers.push({ ...p, room });
      }
    }
    const mates = (p) => ctx.peers.filter((q) => q.room === p.room && q !== p).map((q) => q.peerId);
    const got = await waitDecoded(ctx.peers, { from: mates, frames: 30, audioPackets: 100 });
    console.log(describe(got, Object.fromEntries(ctx.peers.map((p) => [p.peerId, p.name]))));
    for (const p of ctx.peers) {
      assert.deepEqual(Object.keys(got[p.name]), mates(p), `${p.name} receives only from its room`);
    }
    const stats = await ctx.server.stats();
    for (const room of Object.keys(ROOMS)) {
      const r = stats.rooms.find((x) => x.roomId === room);
      assert.deepEqual([r.peers, r.producers, r.consumers], [2, 4, 4], JSON.stringify(r));
    }
  }],

  ['no event, consumer or level crosses between the rooms', async (ctx) => {
    await sleep(2000); // a few audioLevels/activeSpeaker rounds
    for (const p of ctx.peers) {
      const own = new Set(ctx.peers.filter((q) => q.room === p.room).map((q) => q.peerId));
      const ownProducers = new Set();
      for (const q of ctx.peers.filter((x) => x.room === p.room)) {
        for (const id of Object.values(await q.page.evaluate(() => window.weirRoom.producerIds()))) ownProducers.add(id);
      }
      const evs = await p.page.evaluate(() => window.weirRoom.events);
      assert.ok(evs.some((e) => e.event === 'audioLevels'), `${p.name}: got audioLevels`);
      for (const e of evs) {
        for (const id of namedPeers(e)) assert.ok(own.has(id), `${p.name}: ${e.event} names ${id}`);
        if (e.data?.producerId) assert.ok(ownProducers.has(e.data.producerId), `${p.name}: ${e.event} producer`);
      }
      for (const c of await p.page.evaluate(() => window.weirRoom.consumerList())) {
        assert.ok(own.has(c.peerId) && ownProducers.has(c.producerId), `${p.name}: consumer of ${c.peerId}`);
      }
    }
  }],

  ["touching the other room's objects is refused and changes nothing there", async (ctx) => {
    const [ann, , bea, bert] = ctx.peers;
    const beaProducers = await bea.page.evaluate(() => window.weirRoom.producerIds());
    const beaTransports = await bea.page.evaluate(() => window.weirRoom.transportIds());
    const beaConsumer = (await bea.page.evaluate(() => window.weirRoom.consumerList()))[0].id;
    const attempts = [
      ['consume', { producerId: beaProducers.camera }, 'badRequest'], // no such signal
      ['pauseProducer', { producerId: beaProducers.camera }, 'forbidden'],
      ['resumeProducer', { producerId: beaProducers.microphone }, 'forbidden'],
      ['closeProducer', { producerId: beaProducers.camera }, 'forbidden'],
      ['closeProducer', { producerId: beaProducers.microphone }, 'forbidden'],
      ['pauseConsumer', { consumerId: beaConsumer }, 'forbidden'],
      ['resumeConsumer', { consumerId: beaConsumer }, 'forbidden'],
      ['restartIce', { transportId: beaTransports.send }, 'forbidden'],
      ['connectWebRtcTransport', { transportId: beaTransports.recv,
        dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }] } }, 'forbidden'],
      ['produce', { transportId: beaTransports.send, kind: 'audio', rtpParameters: { codecs: [], encodings: [] } },
        'forbidden'],
    ];
    for (const [method, data, code] of attempts) {
      const r = await ann.page.evaluate(([m, d]) => window.weirRoom.tryRequest(m, d), [method, data]);
      assert.equal(r.ok, false, `${method} accepted`);
      assert.equal(r.code, code, `${method}: ${r.code} ${r.reason}`);
    }
    // South is untouched: no pause/close event, Bert still decodes Bea.
    const evs = await bert.page.evaluate(() => window.weirRoom.events.map((e) => e.event));
    for (const e of ['producerPaused', 'consumerClosed', 'consumerPaused', 'peerLeft']) {
      assert.ok(!evs.includes(e), `bert got ${e}`);
    }
    const a = (await received(bert))[bea.peerId];
    await sleep(2000);
    const b = (await received(bert))[bea.peerId];
    assert.ok(b.video.framesDecoded > a.video.framesDecoded + 10, `bert <- bea video ${a.video.framesDecoded} -> ${b.video.framesDecoded}`);
    assert.ok(b.audio.packetsReceived > a.audio.packetsReceived + 50, 'bert <- bea audio');
  }],
], {
  async before() {
    return { server: await RoomServer.start(), browser: await chromiumBrowser(), peers: [] };
  },
  async after(ctx) {
    await ctx.browser.close();
    const code = await ctx.server.stop();
    if (code !== 0) console.log(`FAIL weir-room exited ${code}\n${ctx.server.log}`);
    return code === 0;
  },
});
