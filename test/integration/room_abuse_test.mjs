// weir-room under malformed and out-of-order signaling: while two Chromium peers are in a call,
// one of them sends ~50 bad messages on its own WebSocket (not JSON, wrong shapes and types,
// unknown methods, a binary and an oversized frame, requests out of order or naming objects that
// do not exist or are someone else's), and a fresh socket sends requests before joining. Each one
// gets exactly one error answer with the expected code (and the request's id where it had a
// readable one); afterwards the call still runs and the server still serves.
import assert from 'node:assert/strict';
import {
  RoomServer, chromiumBrowser, joinPeer, waitDecoded, received, runCases, pollPage, sleep,
} from '../browser/lib/room.mjs';

const ROOM = 'abuse';
const UUID = '6f1c1f4e-0000-4000-8000-000000000000';
let nextId = 1000000; // far from the page's own request ids

function req(method, data, extra = {}) {
  const id = nextId++;
  return { id, text: JSON.stringify({ type: 'request', id, method, ...(data === undefined ? {} : { data }), ...extra }) };
}

// [label, message (text, {binary: n}, or {id, text}), expected code, id expected in the answer?]
function badMessages(own, bob) {
  const dtls = { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }] };
  return [
    ['not JSON', 'hello', 'badRequest'],
    ['truncated JSON', '{"type":"request","id":1,"method":"join"', 'badRequest'],
    ['empty message', '', 'badRequest'],
    ['an array', '[]', 'badRequest'],
    ['null', 'null', 'badRequest'],
    ['a number', '42', 'badRequest'],
    ['a string', '"request"', 'badRequest'],
    ['an empty object', '{}', 'badRequest'],
    ['deeply nested', '['.repeat(100000) + ']'.repeat(100000), 'badRequest'],
    ['binary frame', { binary: 64 }, 'badRequest'],
    ['over 256 KiB', JSON.stringify({ type: 'request', id: 5, method: 'leave', data: { pad: 'x'.repeat(300 * 1024) } }), 'badRequest'],
    ['request without id', '{"type":"request","method":"leave"}', 'badRequest'],
    ['id a string', '{"type":"request","id":"7","method":"leave"}', 'badRequest'],
    ['id negative', '{"type":"request","id":-1,"method":"leave"}', 'badRequest'],
    ['id fractional', '{"type":"request","id":1.5,"method":"leave"}', 'badRequest'],
    ['id above 2^53', '{"type":"request","id":18014398509481984,"method":"leave"}', 'badRequest'],
    ['type missing', req(undefined, {}, { type: undefined }), 'badRequest'],
    ['type "response"', '{"type":"response","id":77,"ok":true,"data":{}}', 'badRequest'],
    ['type "event"', '{"type":"event","event":"peerLeft","data":{}}', 'badRequest'],
    ['type "REQUEST"', req('leave', {}, { type: 'REQUEST' }), 'badRequest'],
    ['method missing', req(undefined, {}), 'badRequest', true],
    ['method a number', req(42, {}), 'badRequest', true],
    ['unknown method', req('fly', {}), 'badRequest', true],
    ['empty method', req('', {}), 'badRequest', true],
    ['data an array', req('restartIce', []), 'badRequest', true],
    ['data a string', req('restartIce', 'x'), 'badRequest', true],
    ['join again', req('join', { roomId: ROOM, displayName: 'again' }), 'alreadyJoined', true],
    ['a second send transport', req('createWebRtcTransport', { direction: 'send' }), 'badRequest', true],
    ['transport direction "sideways"', req('createWebRtcTransport', { direction: 'sideways' }), 'badRequest', true],
    ['createWebRtcTransport without data', req('createWebRtcTransport'), 'badRequest', true],
    ['connect an unknown transport', req('connectWebRtcTransport', { transportId: UUID, dtlsParameters: dtls }), 'notFound', true],
    ['connect with a numeric transportId', req('connectWebRtcTransport', { transportId: 42, dtlsParameters: dtls }), 'badRequest', true],
    ['connect without dtlsParameters', req('connectWebRtcTransport', { transportId: own.transports.send }), 'badRequest', true],
    ['setRtpCapabilities again', req('setRtpCapabilities', { rtpCapabilities: { codecs: [], headerExtensions: [] } }), 'badRequest', true],
    ['setRtpCapabilities a string', req('setRtpCapabilities', { rtpCapabilities: 'x' }), 'badRequest', true],
    ['produce on the recv transport', req('produce', { transportId: own.transports.recv, kind: 'audio', rtpParameters: { codecs: [], encodings: [] } }), 'badRequest', true],
    ['produce kind "smell"', req('produce', { transportId: own.transports.send, kind: 'smell', rtpParameters: { codecs: [], encodings: [] } }), 'badRequest', true],
    ['produce without rtpParameters', req('produce', { transportId: own.transports.send, kind: 'video' }), 'badRequest', true],
    ['pause an unknown producer', req('pauseProducer', { producerId: UUID }), 'notFound', true],
    ['pauseProducer without producerId', req('pauseProducer', {}), 'badRequest', true],
    ['resumeProducer with an object id', req('resumeProducer', { producerId: {} }), 'badRequest', true],
    ['close an unknown producer', req('closeProducer', { producerId: UUID }), 'notFound', true],
    ['resume an unknown consumer', req('resumeConsumer', { consumerId: UUID }), 'notFound', true],
    ['pauseConsumer with a null id', req('pauseConsumer', { consumerId: null }), 'badRequest', true],
    ['restartIce of an unknown transport', req('restartIce', { transportId: UUID }), 'notFound', true],
    ['restartIce without transportId', req('restartIce', {}), 'badRequest', true],
    ["pause the other peer's producer", req('pauseProducer', { producerId: bob.producers.camera }), 'forbidden', true],
    ["close the other peer's producer", req('closeProducer', { producerId: bob.producers.microphone }), 'forbidden', true],
    ["resume the other peer's consumer", req('resumeConsumer', { consumerId: bob.consumer }), 'forbidden', true],
    ["restartIce of the other peer's transport", req('restartIce', { transportId: bob.transports.recv }), 'forbidden', true],
  ];
}

runCases([
  ['a call between two peers', async (ctx) => {
    for (const name of ['alice', 'bob']) {
      const p = await joinPeer(ctx.browser, ctx.server, { room: ROOM, name });
      assert.equal(p.state, 'joined', `${name}: ${JSON.stringify(p.error)}`);
      ctx.peers.push(p);
    }
    await waitDecoded(ctx.peers, { frames: 20, audioPackets: 50 });
  }],

  ['50 bad messages on the call\'s socket: one error answer each', async (ctx) => {
    const [alice, bob] = ctx.peers;
    const info = (p) => p.page.evaluate(() => ({
      transports: window.weirRoom.transportIds(), producers: window.weirRoom.producerIds(),
      consumer: window.weirRoom.consumerList()[0]?.id,
    }));
    const messages = badMessages(await info(alice), await info(bob));
    assert.ok(messages.length >= 50, `${messages.length} messages`);
    for (const [label, message, code, withId] of messages) {
      const before = await alice.page.evaluate(() => window.weirRoom.signaling.errors.length);
      await alice.page.evaluate((m) => {
        if (typeof m === 'object' && m.binary) window.weirRoom.signaling.sendRaw(new Uint8Array(m.binary));
        else window.weirRoom.signaling.sendRaw(typeof m === 'string' ? m : m.text);
      }, message);
      const answer = await pollPage(alice.page, (n) => window.weirRoom.signaling.errors[n] ?? null, before,
        { timeoutMs: 5000, what: `an answer to "${label}"` });
      assert.equal(answer.code, code, `${label}: ${JSON.stringify(answer)}`);
      assert.ok(typeof answer.reason === 'string' && answer.reason.length > 0, `${label}: a reason`);
      if (withId) assert.equal(answer.id, message.id, `${label}: the request's id`);
    }
    await sleep(500);
    const total = await alice.page.evaluate(() => window.weirRoom.signaling.errors.length);
    assert.equal(total, messages.length, 'exactly one answer each');
  }],

  ['requests before join on a fresh socket: notJoined / badRequest', async (ctx) => {
    const [alice] = ctx.peers;
    const cases = [
      ['produce', { kind: 'audio' }, 'notJoined'],
      ['createWebRtcTransport', { direction: 'recv' }, 'notJoined'],
      ['resumeConsumer', { consumerId: UUID }, 'notJoined'],
      ['leave', {}, 'notJoined'],
      ['join', { roomId: 'bad room!', displayName: 'x' }, 'badRequest'],
      ['join', { roomId: 'r'.repeat(65), displayName: 'x' }, 'badRequest'],
      ['join', { roomId: ROOM, displayName: '' }, 'badRequest'],
      ['join', { roomId: ROOM }, 'badRequest'],
    ];
    const answers = await alice.page.evaluate((list) => new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://${location.host}/ws`, 'weir-room');
      const got = [];
      ws.onerror = () => reject(new Error('socket error'));
      ws.onmessage = (m) => {
        got.push(JSON.parse(m.data));
        if (got.length === list.length) { ws.close(); resolve(got); }
      };
      ws.onopen = () => list.forEach(([method, data], i) =>
        ws.send(JSON.stringify({ type: 'request', id: i + 1, method, data })));
      setTimeout(() => resolve(got), 5000);
    }), cases);
    assert.equal(answers.length, cases.length, JSON.stringify(answers));
    for (const a of answers) {
      const [method, , code] = cases[a.id - 1];
      assert.equal(a.ok, false, `${method} accepted`);
      assert.equal(a.error.code, code, `${method}: ${JSON.stringify(a.error)}`);
    }
  }],

  ['the call still runs, nothing of Bob was touched, the server still serves', async (ctx) => {
    const [alice, bob] = ctx.peers;
    assert.equal(await alice.page.evaluate(() => window.weirRoom.state), 'joined');
    const a = await received(alice);
    const b = await received(bob);
    await sleep(2000);
    const a2 = await received(alice);
    const b2 = await received(bob);
    assert.ok(a2[bob.peerId].video.framesDecoded > a[bob.peerId].video.framesDecoded + 10, 'alice <- bob video');
    assert.ok(a2[bob.peerId].audio.packetsReceived > a[bob.peerId].audio.packetsReceived + 50, 'alice <- bob audio');
    assert.ok(b2[alice.peerId].video.framesDecoded > b[alice.peerId].video.framesDecoded + 10, 'bob <- alice video');
    const evs = await alice.page.evaluate(() => window.weirRoom.events.map((e) => e.event));
    assert.ok(!evs.includes('producerPaused') && !evs.includes('consumerClosed'), `alice got ${evs}`);
    const room = await ctx.server.room(ROOM);
    assert.deepEqual([room.peers, room.producers, room.consumers], [2, 4, 4], JSON.stringify(room));
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
