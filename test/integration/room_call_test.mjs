// weir-room with real browsers: three headless Chromium pages (the real page, fake camera and
// microphone) join one room and each decodes the other two; the room's events reach the page
// (activeSpeaker, audioLevels, producer pause/resume); one peer leaves and the others get
// peerLeft and consumerClosed for each consumer of its producers, and its media stops.
import assert from 'node:assert/strict';
import {
  RoomServer, chromiumBrowser, joinPeer, waitDecoded, received, events, describe, runCases, pollPage, sleep,
} from '../browser/lib/room.mjs';

const ROOM = 'call';

runCases([
  ['three peers each decode the other two', async (ctx) => {
    for (const name of ['alice', 'bob', 'carol']) {
      const p = await joinPeer(ctx.browser, ctx.server, { room: ROOM, name });
      assert.equal(p.state, 'joined', `${name}: ${JSON.stringify(p.error)}`);
      ctx.peers.push(p);
    }
    const names = Object.fromEntries(ctx.peers.map((p) => [p.peerId, p.name]));
    assert.equal(new Set(ctx.peers.map((p) => p.peerId)).size, 3, 'distinct peer ids');
    const got = await waitDecoded(ctx.peers, { frames: 30, audioPackets: 100 });
    console.log(describe(got, names));
    for (const r of Object.values(got)) {
      for (const byPeer of Object.values(r)) {
        assert.equal(byPeer.video.codec?.toLowerCase(), 'video/vp8');
        assert.equal(byPeer.audio.codec?.toLowerCase(), 'audio/opus');
      }
    }
    const room = await ctx.server.room(ROOM);
    assert.deepEqual([room.peers, room.producers, room.consumers], [3, 6, 12], JSON.stringify(room));
  }],

  ['peerJoined and audioLevels reach the pages (activeSpeaker, if any, names a room peer)', async (ctx) => {
    const [alice, bob, carol] = ctx.peers;
    const joined = (await events(alice, 'peerJoined')).map((e) => e.data.peerId).sort();
    assert.deepEqual(joined, [bob.peerId, carol.peerId].sort());
    assert.equal((await events(carol, 'peerJoined')).length, 0, 'carol joined last');
    const ids = new Set(ctx.peers.map((p) => p.peerId));
    await pollPage(bob.page, () => window.weirRoom.events.some((e) => e.event === 'audioLevels' &&
      e.data.levels.length > 0), undefined, { what: 'audioLevels with levels', timeoutMs: 15000 });
    for (const e of await events(bob, 'audioLevels')) {
      for (const l of e.data.levels) {
        assert.ok(ids.has(l.peerId), `level of a room peer: ${l.peerId}`);
        assert.ok(l.volume <= 0 && l.volume >= -127, `volume ${l.volume}`);
      }
    }
    // Chromium's fake microphone is a quiet beep (about -65 dBov, mostly silence): the active
    // speaker observer need not elect anyone; whatever it says names a peer of the room.
    const speakers = await events(bob, 'activeSpeaker');
    console.log(`  ${speakers.length} activeSpeaker events`);
    for (const e of speakers) {
      assert.ok(e.data.peerId === null || ids.has(e.data.peerId), `speaker ${e.data.peerId}`);
    }
  }],

  ['camera off: the others get producerPaused and stop decoding it; on again: it resumes', async (ctx) => {
    const [alice, bob, carol] = ctx.peers;
    const camera = (await alice.page.evaluate(() => window.weirRoom.producerIds())).camera;
    await alice.page.evaluate(() => window.weirRoom.setSource('camera', false));
    for (const p of [bob, carol]) {
      await pollPage(p.page, (id) => window.weirRoom.events.some((e) => e.event === 'producerPaused' &&
        e.data.producerId === id), camera, { what: `${p.name}: producerPaused`, timeoutMs: 5000 });
    }
    await pollPage(bob.page, (id) => document.querySelector(`.tile[data-peer-id="${id}"] .cam-off`)?.hidden === false,
      alice.peerId, { what: 'camera-off badge on alice\'s tile', timeoutMs: 5000 });
    await sleep(1000);
    const a = (await received(bob))[alice.peerId].video.framesDecoded;
    await sleep(2000);
    const b = (await received(bob))[alice.peerId].video.framesDecoded;
    assert.ok(b - a <= 2, `frames while paused: ${a} -> ${b}`);
    await alice.page.evaluate(() => window.weirRoom.setSource('camera', true));
    await pollPage(bob.page, (id) => window.weirRoom.events.some((e) => e.event === 'producerResumed' &&
      e.data.producerId === id), camera, { what: 'producerResumed', timeoutMs: 5000 });
    await waitDecoded([bob], { from: () => [alice.peerId], frames: b + 20, audioPackets: 0, timeoutMs: 15000 });
  }],

  ['one leaves: the others get peerLeft, its consumers close, its media stops', async (ctx) => {
    const [alice, bob, carol] = ctx.peers;
    const theirs = async (p) => (await p.page.evaluate(() => window.weirRoom.consumerList()))
      .filter((c) => c.peerId === carol.peerId);
    const before = { alice: await theirs(alice), bob: await theirs(bob) };
    assert.equal(before.alice.length, 2);
    assert.equal(before.bob.length, 2);
    await carol.page.evaluate(() => window.weirRoom.leave());
    assert.equal(await carol.page.evaluate(() => window.weirRoom.state), 'left');
    for (const p of [alice, bob]) {
      await pollPage(p.page, (id) => window.weirRoom.events.some((e) => e.event === 'peerLeft' &&
        e.data.peerId === id), carol.peerId, { what: `${p.name}: peerLeft`, timeoutMs: 10000 });
      // consumerClosed follows the worker's producer close, which may come after peerLeft.
      const want = before[p.name].map((c) => c.id).sort();
      await pollPage(p.page, (ids) => ids.every((id) => window.weirRoom.events.some((e) =>
        e.event === 'consumerClosed' && e.data.consumerId === id)), want,
      { what: `${p.name}: consumerClosed for carol's`, timeoutMs: 10000 });
      const closed = (await events(p, 'consumerClosed')).map((e) => e.data.consumerId).sort();
      assert.deepEqual(closed, want, `${p.name}: consumerClosed for carol's`);
      for (const c of await theirs(p)) assert.ok(c.closed, `${p.name}: consumer ${c.id} closed`);
      assert.equal(await p.page.evaluate((id) => !!document.querySelector(`.tile[data-peer-id="${id}"]`),
        carol.peerId), false, `${p.name}: carol's tile removed`);
    }
    const room = await ctx.server.waitRoom(ROOM, (r) => r?.peers === 2);
    assert.deepEqual([room.peers, room.producers, room.consumers], [2, 4, 4], JSON.stringify(room));
    // Alice and Bob still decode each other.
    await waitDecoded([alice, bob], { frames: 0, audioPackets: 0, timeoutMs: 5000 });
    const a = await received(alice);
    await sleep(2000);
    const b = await received(alice);
    assert.ok(b[bob.peerId].video.framesDecoded > a[bob.peerId].video.framesDecoded + 10, 'alice <- bob goes on');
    ctx.peers.pop();
    await carol.page.close();
  }],

  ['the last two leave: the room is gone', async (ctx) => {
    for (const p of ctx.peers) await p.page.close(); // closing the socket is a leave
    assert.equal(await ctx.server.waitRoom(ROOM, (r) => r === null), null, 'room listed after everyone left');
    ctx.peers = [];
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
