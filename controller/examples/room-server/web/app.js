// The weir-room page: join a room, publish camera and microphone, see and hear every other peer.
// mediasoup-client does the WebRTC side; the signals and events are weir-room's (PROTOCOL.md).
//   /?room=<id>&name=<display name>[&token=<token>][&video=WIDTHxHEIGHT@FPS]
// With room and name in the URL the page joins at once; otherwise it shows a form.
// window.weirRoom is the page's state and a few hooks for scripted participants (tests, demo).
import { Device } from 'mediasoup-client';
import { Signaling } from './signaling.js';
import { Tiles } from './tiles.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const tiles = new Tiles($('tiles'), $('tile-template'));

// One session = one join. A leave or a roomClosed ends it; the form can start another.
const api = {
  state: 'idle', // idle | joining | joined | left | closed | failed
  error: null,
  roomId: null,
  peerId: null,
  peers: new Map(), // peerId -> displayName (the other peers)
  events: [], // every event received: {event, data, at}
  consumers: new Map(), // consumerId -> {consumer, peerId, producerId, kind, closed, closedBy}
  producers: new Map(), // 'camera' | 'microphone' -> Producer
  signaling: null,
  device: null,
  sendTransport: null,
  recvTransport: null,
  stream: null,
};
window.weirRoom = api;

function videoConstraints(spec) {
  const m = /^(\d+)x(\d+)(?:@(\d+))?$/.exec(spec ?? '');
  if (!m) return { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 30 } };
  return { width: { ideal: +m[1] }, height: { ideal: +m[2] }, frameRate: { ideal: +(m[3] ?? 30) } };
}

function setStatus(text) {
  $('status').textContent = text;
}

function showError(text) {
  $('error').textContent = text;
  $('error').hidden = !text;
}

function transportOptions(t) {
  return {
    id: t.transportId,
    iceParameters: t.iceParameters,
    // JSON has no undefined: a missing tcpType may come as null, which mediasoup-client refuses.
    iceCandidates: t.iceCandidates.map((c) => ({ ...c, tcpType: c.tcpType ?? undefined })),
    dtlsParameters: t.dtlsParameters,
  };
}

function wireConnect(transport, sig) {
  transport.on('connect', ({ dtlsParameters }, ok, fail) => {
    sig.request('connectWebRtcTransport', { transportId: transport.id, dtlsParameters })
      .then(() => ok(), fail);
  });
}

async function createTransports(sig, device) {
  const recv = device.createRecvTransport(
    transportOptions(await sig.request('createWebRtcTransport', { direction: 'recv' })));
  wireConnect(recv, sig);
  api.recvTransport = recv;
  if (!device.canProduce('video') && !device.canProduce('audio')) return;
  const send = device.createSendTransport(
    transportOptions(await sig.request('createWebRtcTransport', { direction: 'send' })));
  wireConnect(send, sig);
  send.on('produce', ({ kind, rtpParameters, appData }, ok, fail) => {
    sig.request('produce', { transportId: send.id, kind, rtpParameters, appData })
      .then(({ producerId }) => ok({ id: producerId }), fail);
  });
  api.sendTransport = send;
}

async function publish(videoSpec) {
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: videoConstraints(videoSpec), audio: true });
  } catch (e) {
    showError(`no camera or microphone (${e.message}): receiving only`);
    return;
  }
  api.stream = stream;
  tiles.setLocalVideo(api.peerId, stream.getVideoTracks()[0]);
  const video = stream.getVideoTracks()[0];
  const audio = stream.getAudioTracks()[0];
  if (video && api.device.canProduce('video')) {
    api.producers.set('camera', await api.sendTransport.produce({
      track: video, appData: { source: 'camera' },
      // Start low and let the sender's bandwidth estimate raise it.
      codecOptions: { videoGoogleStartBitrate: 600 },
    }));
  }
  if (audio && api.device.canProduce('audio')) {
    api.producers.set('microphone', await api.sendTransport.produce({
      track: audio, appData: { source: 'microphone' },
    }));
  }
  updateButtons();
}

// --- events -------------------------------------------------------------------------------------

// A consumer's rtpParameters should carry a mid unique on the recv transport (mediasoup's do).
// Without one, mediasoup-client numbers transceivers by how many it has, which repeats after a
// close and in batches (duplicate a=mid, or RTP demuxed to the wrong track by its MID header
// extension). Then the page picks its own mids and leaves the MID extension out, so the browser
// demultiplexes by SSRC.
let nextLocalMid = 1000;
function withMid(rtpParameters) {
  if (rtpParameters.mid) return rtpParameters;
  return {
    ...rtpParameters,
    mid: String(nextLocalMid++),
    headerExtensions: (rtpParameters.headerExtensions ?? []).filter(
      (h) => h.uri !== 'urn:ietf:params:rtp-hdrext:sdes:mid'),
  };
}

async function onNewConsumer(d) {
  const entry = { consumer: null, peerId: d.peerId, producerId: d.producerId, kind: d.kind,
                  closed: false, closedBy: null, producerPaused: !!d.producerPaused };
  api.consumers.set(d.consumerId, entry);
  const consumer = await api.recvTransport.consume({
    id: d.consumerId, producerId: d.producerId, kind: d.kind, rtpParameters: withMid(d.rtpParameters),
    appData: { ...(d.appData ?? {}), peerId: d.peerId },
  });
  entry.consumer = consumer;
  if (entry.closed) {
    consumer.close(); // consumerClosed came while consume() was running
    return;
  }
  tiles.setRemoteTrack(d.peerId, api.peers.get(d.peerId) ?? d.peerId, consumer.track);
  tiles.setPaused(d.peerId, d.kind, entry.producerPaused);
  await api.signaling.request('resumeConsumer', { consumerId: d.consumerId });
}

function closeConsumer(consumerId, by) {
  const entry = api.consumers.get(consumerId);
  if (!entry || entry.closed) return;
  entry.closed = true;
  entry.closedBy = by;
  if (entry.consumer) {
    tiles.removeTrack(entry.peerId, entry.consumer.track);
    entry.consumer.close();
  }
}

function setProducerPaused(producerId, paused) {
  for (const entry of api.consumers.values()) {
    if (entry.producerId === producerId && !entry.closed) {
      entry.producerPaused = paused;
      tiles.setPaused(entry.peerId, entry.kind, paused);
    }
  }
}

let consumeQueue = Promise.resolve();

const eventHandlers = {
  peerJoined({ peerId, displayName }) {
    api.peers.set(peerId, displayName);
    tiles.ensure(peerId, displayName);
  },
  peerLeft({ peerId }) {
    api.peers.delete(peerId);
    for (const [id, entry] of api.consumers) if (entry.peerId === peerId) closeConsumer(id, 'peerLeft');
    tiles.remove(peerId);
  },
  newConsumer(d) {
    // One consume() at a time: mediasoup-client batches concurrent ones into one renegotiation,
    // and when the server's rtpParameters carry no mid it numbers them all alike (duplicate
    // a=mid, the whole batch fails).
    consumeQueue = consumeQueue.then(() => onNewConsumer(d)).catch((e) => console.error('consume failed:', e));
  },
  consumerClosed({ consumerId }) {
    closeConsumer(consumerId, 'consumerClosed');
  },
  consumerPaused({ consumerId }) {
    const e = api.consumers.get(consumerId);
    if (e) tiles.setPaused(e.peerId, e.kind, true);
  },
  consumerResumed({ consumerId }) {
    const e = api.consumers.get(consumerId);
    if (e) tiles.setPaused(e.peerId, e.kind, e.producerPaused);
  },
  producerPaused({ producerId }) {
    setProducerPaused(producerId, true);
  },
  producerResumed({ producerId }) {
    setProducerPaused(producerId, false);
  },
  activeSpeaker({ peerId }) {
    tiles.setSpeaker(peerId);
  },
  audioLevels({ levels }) {
    tiles.setLevels(levels);
  },
  roomClosed({ reason }) {
    teardown('closed');
    showError(`the room was closed: ${reason}`);
  },
};

// --- join / leave -------------------------------------------------------------------------------

async function join({ room, name, token, video }) {
  if (api.state === 'joining' || api.state === 'joined') throw new Error('already in a room');
  api.state = 'joining';
  api.error = null;
  showError('');
  setStatus(`joining ${room}...`);
  try {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const sig = await Signaling.open(`${scheme}://${location.host}/ws`);
    api.signaling = sig;
    sig.onEvent((event, data) => {
      api.events.push({ event, data, at: Date.now() });
      if (sig !== api.signaling) return; // a previous session's socket
      const h = eventHandlers[event];
      if (h) h(data);
    });
    sig.onClose(() => {
      if (sig === api.signaling && api.state === 'joined') {
        teardown('closed');
        showError('the connection to the server closed');
      }
    });
    const joined = await sig.request('join', { roomId: room, displayName: name, ...(token ? { token } : {}) });
    api.roomId = room;
    api.peerId = joined.peerId;
    tiles.ensure(joined.peerId, `${name} (you)`, true);
    for (const p of joined.peers) {
      api.peers.set(p.peerId, p.displayName);
      tiles.ensure(p.peerId, p.displayName);
    }
    api.device = new Device();
    await api.device.load({ routerRtpCapabilities: joined.routerRtpCapabilities });
    await createTransports(sig, api.device);
    await sig.request('setRtpCapabilities', { rtpCapabilities: api.device.rtpCapabilities });
    if (api.sendTransport) await publish(video);
    api.state = 'joined';
    setStatus(`in room ${room} as ${name}`);
    showJoined(true);
  } catch (e) {
    api.error = { message: e.message, code: e.code ?? null };
    teardown('failed');
    showError(e.message);
    throw e;
  }
}

function teardown(state) {
  for (const p of api.producers.values()) p.close();
  api.producers.clear();
  for (const id of api.consumers.keys()) closeConsumer(id, 'teardown');
  api.sendTransport?.close();
  api.recvTransport?.close();
  api.sendTransport = api.recvTransport = null;
  for (const t of api.stream?.getTracks() ?? []) t.stop();
  api.stream = null;
  api.peers.clear();
  tiles.clear();
  api.state = state;
  setStatus(state === 'left' ? 'left the room' : state === 'closed' ? 'room closed' : 'not joined');
  showJoined(false);
}

async function leave() {
  const sig = api.signaling;
  if (sig?.open && api.state === 'joined') {
    try {
      await sig.request('leave');
    } catch (e) {
      console.warn('leave:', e.message);
    }
  }
  teardown('left');
  sig?.close();
}

// --- controls -----------------------------------------------------------------------------------

async function setSource(source, on) {
  const producer = api.producers.get(source);
  if (!producer || producer.paused === !on) return;
  if (on) {
    await api.signaling.request('resumeProducer', { producerId: producer.id });
    producer.resume();
  } else {
    producer.pause();
    await api.signaling.request('pauseProducer', { producerId: producer.id });
  }
  tiles.setPaused(api.peerId, producer.kind, !on);
  updateButtons();
}

function updateButtons() {
  const cam = api.producers.get('camera');
  const mic = api.producers.get('microphone');
  $('toggle-camera').disabled = !cam;
  $('toggle-mic').disabled = !mic;
  $('toggle-camera').textContent = cam?.paused ? 'Camera on' : 'Camera off';
  $('toggle-mic').textContent = mic?.paused ? 'Unmute' : 'Mute';
  $('toggle-camera').classList.toggle('off', !!cam?.paused);
  $('toggle-mic').classList.toggle('off', !!mic?.paused);
}

function showJoined(joined) {
  $('join-form').hidden = joined;
  $('controls').hidden = !joined;
  $('room-label').textContent = joined ? `room ${api.roomId}` : '';
}

$('toggle-camera').onclick = () => {
  const cam = api.producers.get('camera');
  setSource('camera', !!cam?.paused).catch((e) => showError(e.message));
};
$('toggle-mic').onclick = () => {
  const mic = api.producers.get('microphone');
  setSource('microphone', !!mic?.paused).catch((e) => showError(e.message));
};
$('leave').onclick = () => leave();
$('join-form').onsubmit = (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  const query = new URLSearchParams({ room: f.get('room'), name: f.get('name') });
  if (f.get('token')) query.set('token', f.get('token'));
  if (params.get('video')) query.set('video', params.get('video'));
  history.replaceState(null, '', `?${query}`);
  join({ room: f.get('room'), name: f.get('name'), token: f.get('token'), video: params.get('video') })
    .catch(() => {});
};

// --- hooks for scripted participants ------------------------------------------------------------

// What this page receives, summed per remote peer and kind, from the consumers' getStats().
async function received() {
  const byPeer = {};
  for (const entry of api.consumers.values()) {
    if (entry.closed || !entry.consumer) continue;
    const peer = (byPeer[entry.peerId] ??= {
      video: { framesDecoded: 0, packetsReceived: 0, bytesReceived: 0, codec: null },
      audio: { packetsReceived: 0, bytesReceived: 0, codec: null },
    });
    const stats = await entry.consumer.getStats();
    for (const s of stats.values()) {
      if (s.type !== 'inbound-rtp') continue;
      const k = peer[entry.kind];
      k.packetsReceived += s.packetsReceived ?? 0;
      k.bytesReceived += s.bytesReceived ?? 0;
      if (entry.kind === 'video') k.framesDecoded += s.framesDecoded ?? 0;
      const codec = s.codecId && stats.get(s.codecId);
      if (codec) k.codec = codec.mimeType;
    }
  }
  return byPeer;
}

Object.assign(api, {
  join,
  leave,
  setSource,
  received,
  consumerList: () => [...api.consumers].map(([id, e]) => ({
    id, peerId: e.peerId, producerId: e.producerId, kind: e.kind, closed: e.closed, closedBy: e.closedBy,
  })),
  producerIds: () => Object.fromEntries([...api.producers].map(([s, p]) => [s, p.id])),
  // A signal on this session's socket, its answer as data: {ok, data} or {ok: false, code, reason}.
  tryRequest: (method, data) => api.signaling.request(method, data).then(
    (d) => ({ ok: true, data: d }), (e) => ({ ok: false, code: e.code ?? null, reason: e.reason ?? e.message })),
  transportIds: () => ({ send: api.sendTransport?.id ?? null, recv: api.recvTransport?.id ?? null }),
});

for (const key of ['room', 'name', 'token']) {
  if (params.get(key)) document.querySelector(`#join-form [name=${key}]`).value = params.get(key);
}
updateButtons();
if (params.get('room') && params.get('name')) {
  join({ room: params.get('room'), name: params.get('name'), token: params.get('token'), video: params.get('video') })
    .catch(() => {});
}
