// weir-room with two workers: two rooms land on different workers (GET /stats says which, the
// pids are weir-room's children); a worker killed with SIGKILL closes only its own room (its
// peers get roomClosed), the other room keeps decoding, and a new room goes to the survivor.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  RoomServer, chromiumBrowser, joinPeer, waitDecoded, received, runCases, pollPage, sleep,
} from '../browser/lib/room.mjs';

const ROOMS = { east: ['eve', 'ed'], west: ['wes', 'wil'] };

function childPids(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

runCases([
  ['two rooms land on the two workers', async (ctx) => {
    const stats = await ctx.server.stats();
    assert.equal(stats.workers.length, 2, JSON.stringify(stats.workers));
    const children = childPids(ctx.server.proc.pid);
    for (const w of stats.workers) assert.ok(children.includes(w.pid), `worker ${w.pid} is a child of weir-room`);
    for (const [room, names] of Object.entries(ROOMS)) {
      for (const name of names) {
        const p = await joinPeer(ctx.browser, ctx.server, { room, name });
        assert.equal(p.state, 'joined', `${name}: ${JSON.stringify(p.error)}`);
        ctx.peers.push({ ...p, room });
      }
    }
    const mates = (p) => ctx.peers.filter((q) => q.room === p.room && q !== p).map((q) => q.peerId);
    await waitDecoded(ctx.peers, { from: mates, frames: 20, audioPackets: 50 });
    const rooms = (await ctx.server.stats()).rooms;
    ctx.pid = Object.fromEntries(rooms.map((r) => [r.roomId, r.workerPid]));
    console.log(`  rooms on workers: ${JSON.stringify(ctx.pid)}`);
    assert.notEqual(ctx.pid.east, ctx.pid.west, 'rooms on different workers');
    assert.deepEqual(new Set(Object.values(ctx.pid)), new Set(stats.workers.map((w) => w.pid)));
  }],

  ['SIGKILL one worker: only its room closes, the other keeps decoding', async (ctx) => {
    const east = ctx.peers.filter((p) => p.room === 'east');
    const west = ctx.peers.filter((p) => p.room === 'west');
    const before = await Promise.all(west.map((p) => received(p)));
    process.kill(ctx.pid.east, 'SIGKILL');
    for (const p of east) {
      await pollPage(p.page, () => window.weirRoom.state === 'closed', undefined,
        { what: `${p.name}: roomClosed`, timeoutMs: 10000 });
      const ev = await p.page.evaluate(() => window.weirRoom.events.find((e) => e.event === 'roomClosed'));
      assert.ok(ev && typeof ev.data.reason === 'string', `${p.name}: roomClosed with a reason`);
      console.log(`  ${p.name}: roomClosed ${JSON.stringify(ev.data)}`);
    }
    for (const p of west) {
      assert.equal(await p.page.evaluate(() => window.weirRoom.events.some((e) => e.event === 'roomClosed')), false);
    }
    await sleep(2500);
    const after = await Promise.all(west.map((p) => received(p)));
    west.forEach((p, i) => {
      const mate = west[1 - i].peerId;
      assert.ok(after[i][mate].video.framesDecoded > before[i][mate].video.framesDecoded + 15,
        `${p.name} video ${before[i][mate].video.framesDecoded} -> ${after[i][mate].video.framesDecoded}`);
      assert.ok(after[i][mate].audio.packetsReceived > before[i][mate].audio.packetsReceived + 50, `${p.name} audio`);
    });
    const stats = await ctx.server.stats();
    assert.deepEqual(stats.workers.map((w) => w.pid), [ctx.pid.west], 'the dead worker is not listed');
    assert.deepEqual(stats.rooms.map((r) => r.roomId), ['west'], 'only west is left');
  }],

  ['a new room goes to the surviving worker', async (ctx) => {
    const p = await joinPeer(ctx.browser, ctx.server, { room: 'north', name: 'nia' });
    assert.equal(p.state, 'joined', JSON.stringify(p.error));
    const room = await ctx.server.room('north');
    assert.equal(room.workerPid, ctx.pid.west);
    await p.page.close();
  }],
], {
  async before() {
    return { server: await RoomServer.start({ workers: 2 }), browser: await chromiumBrowser(), peers: [] };
  },
  async after(ctx) {
    await ctx.browser.close();
    const code = await ctx.server.stop();
    if (code !== 0) console.log(`FAIL weir-room exited ${code}\n${ctx.server.log}`);
    return code === 0;
  },
});
