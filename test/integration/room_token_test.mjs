// weir-room started with a secret: a join needs a token for that room and peer, signed with that
// secret and not expired. Tokens minted by `weir-room --make-token` and tokens made here from the
// documented formula (PROTOCOL.md) both work; missing, malformed, wrong-room, wrong-secret,
// tampered and expired ones are refused with `unauthorized`, and a peer id already in the room
// with `alreadyJoined`.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { RoomServer, chromiumBrowser, joinPeer, waitDecoded, describe, runCases } from '../browser/lib/room.mjs';

const SECRET = 'room-token-test-secret';
const ROOM = 'private';

// PROTOCOL.md: "<peerId>.<expiry>.<hex HMAC-SHA256(secret, roomId \n peerId \n expiry)>"
function token(secret, roomId, peerId, expiry) {
  const mac = crypto.createHmac('sha256', secret).update(`${roomId}\n${peerId}\n${expiry}`).digest('hex');
  return `${peerId}.${expiry}.${mac}`;
}
const now = () => Math.floor(Date.now() / 1000);

async function refused(ctx, name, tok, code = 'unauthorized') {
  const p = await joinPeer(ctx.browser, ctx.server, { room: ROOM, name, token: tok });
  try {
    assert.equal(p.state, 'failed', `${name} joined with ${tok}`);
    assert.equal(p.error.code, code, `${name}: ${JSON.stringify(p.error)}`);
  } finally {
    await p.page.close();
  }
}

runCases([
  ['valid tokens (--make-token and the documented formula): the peers join and decode each other', async (ctx) => {
    const minted = await ctx.server.makeToken(ROOM, 'alice', 600);
    assert.match(minted, /^alice\.\d+\.[0-9a-f]{64}$/);
    const alice = await joinPeer(ctx.browser, ctx.server, { room: ROOM, name: 'Alice', token: minted });
    assert.equal(alice.state, 'joined', JSON.stringify(alice.error));
    assert.equal(alice.peerId, 'alice', 'the peer id is the token\'s');
    const bob = await joinPeer(ctx.browser, ctx.server,
      { room: ROOM, name: 'Bob', token: token(SECRET, ROOM, 'bob', now() + 600) });
    assert.equal(bob.state, 'joined', JSON.stringify(bob.error));
    assert.equal(bob.peerId, 'bob');
    ctx.peers.push(alice, bob);
    console.log(describe(await waitDecoded(ctx.peers, { frames: 10, audioPackets: 20 })));
  }],

  ['no token', (ctx) => refused(ctx, 'none', '')],
  ['garbage token', (ctx) => refused(ctx, 'garbage', 'not-a-token')],
  ['wrong signature (one hex digit changed)', async (ctx) => {
    const t = await ctx.server.makeToken(ROOM, 'carol', 600);
    await refused(ctx, 'carol', t.slice(0, -1) + (t.endsWith('0') ? '1' : '0'));
  }],
  ['another secret', (ctx) => refused(ctx, 'dave', token('another secret', ROOM, 'dave', now() + 600))],
  ['a token for another room', async (ctx) => refused(ctx, 'erin', await ctx.server.makeToken('other', 'erin', 600))],
  ['tampered peer id', async (ctx) => {
    const t = await ctx.server.makeToken(ROOM, 'frank', 600);
    await refused(ctx, 'mallory', t.replace(/^frank\./, 'mallor.'));
  }],
  ['tampered expiry', async (ctx) => {
    const t = token(SECRET, ROOM, 'gina', now() + 60).split('.');
    await refused(ctx, 'gina', `${t[0]}.${now() + 86400}.${t[2]}`);
  }],
  ['expired (correctly signed, expiry a minute ago)', (ctx) =>
    refused(ctx, 'hank', token(SECRET, ROOM, 'hank', now() - 60))],
  ['expired (--make-token with a 1 s lifetime, used 2 s later)', async (ctx) => {
    const t = await ctx.server.makeToken(ROOM, 'ivy', 1);
    await new Promise((r) => setTimeout(r, 2100));
    await refused(ctx, 'ivy', t);
  }],
  ['a peer id already in the room', async (ctx) =>
    refused(ctx, 'alice again', await ctx.server.makeToken(ROOM, 'alice', 600), 'alreadyJoined')],
  ['after all that the room has its two peers', async (ctx) => {
    const r = await ctx.server.room(ROOM);
    assert.equal(r.peers, 2, JSON.stringify(r));
    assert.equal((await ctx.server.stats()).rooms.length, 1, 'no room made by refused joins');
  }],
], {
  async before() {
    return { server: await RoomServer.start({ secret: SECRET }), browser: await chromiumBrowser(), peers: [] };
  },
  async after(ctx) {
    await ctx.browser.close();
    const code = await ctx.server.stop();
    if (code !== 0) console.log(`FAIL weir-room exited ${code}\n${ctx.server.log}`);
    return code === 0;
  },
});
