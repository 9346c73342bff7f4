// The test page: mediasoup-client against Weir, signalling through window.weirRequest (a
// function the test exposes, which forwards to weirctl). One call = a send transport publishing
// camera + microphone, a receive transport consuming both back.
import { Device } from 'mediasoup-client';

async function weir(method, handlerId, body = {}) {
  const r = await window.weirRequest(method, handlerId, body);
  if (!r.ok) throw new Error(`${method}: ${r.error}`);
  return r.body;
}

const uid = (prefix) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

function transportOptions(created) {
  const w = created.webRtc;
  return {
    id: created.id,
    iceParameters: w.iceParameters,
    iceCandidates: w.iceCandidates.map((c) => ({ ...c, tcpType: c.tcpType ?? undefined })),
    dtlsParameters: w.dtlsParameters,
  };
}

const state = { device: null, send: null, recv: null, producers: [], consumers: [], elements: [] };

async function createTransport(routerId, options) {
  const created = await weir('router.createWebRtcTransport', routerId,
    { transportId: uid('t'), ...options });
  return transportOptions(created);
}

function wireConnect(transport) {
  transport.on('connect', ({ dtlsParameters }, ok, fail) => {
    weir('transport.connect', transport.id, { dtlsParameters }).then(() => ok(), fail);
  });
}

// options: { routerId, transport: {listenInfos|webRtcServerId, enableUdp, enableTcp},
//            videoCodec: 'video/VP8' | 'video/H264' }
window.weirCall = async (options) => {
  const dump = await weir('router.dump', options.routerId);
  const device = new Device();
  await device.load({ routerRtpCapabilities: dump.rtpCapabilities });
  state.device = device;

  const send = device.createSendTransport(await createTransport(options.routerId, options.transport));
  wireConnect(send);
  send.on('produce', ({ kind, rtpParameters }, ok, fail) => {
    const producerId = uid('p');
    weir('transport.produce', send.id, { producerId, kind, rtpParameters })
      .then(() => ok({ id: producerId }), fail);
  });
  state.send = send;

  const stream = await navigator.mediaDevices.getUserMedia({
    video: { width: 320, height: 240, frameRate: 30 }, audio: true,
  });
  const videoCodec = device.rtpCapabilities.codecs.find(
    (c) => c.mimeType.toLowerCase() === options.videoCodec.toLowerCase());
  if (!videoCodec) throw new Error(`the browser cannot send ${options.videoCodec}`);
  const video = await send.produce({ track: stream.getVideoTracks()[0], codec: videoCodec });
  const audio = await send.produce({ track: stream.getAudioTracks()[0] });
  state.producers = [video, audio];

  const recv = device.createRecvTransport(await createTransport(options.routerId, options.transport));
  wireConnect(recv);
  state.recv = recv;
  for (const producer of state.producers) {
    const consumerId = uid('c');
    const c = await weir('transport.consume', recv.id, {
      consumerId, producerId: producer.id, rtpCapabilities: device.rtpCapabilities, paused: true,
    });
    const consumer = await recv.consume({
      id: consumerId, producerId: producer.id, kind: c.kind, rtpParameters: c.rtpParameters,
    });
    const element = document.createElement(c.kind === 'video' ? 'video' : 'audio');
    element.srcObject = new MediaStream([consumer.track]);
    element.muted = true;
    element.autoplay = true;
    document.getElementById('media').appendChild(element);
    await Promise.race([element.play().catch(() => {}), new Promise((r) => setTimeout(r, 1000))]);
    state.elements.push(element);
    state.consumers.push(consumer);
    await weir('consumer.resume', consumerId);
  }
  return { send: send.id, recv: recv.id, producers: state.producers.map((p) => p.id),
           consumers: state.consumers.map((c) => c.id) };
};

// What the receiving side got: framesDecoded (video) and packetsReceived (audio), from
// RTCPeerConnection stats of the consumers.
window.weirReceived = async () => {
  const out = { video: { framesDecoded: 0, packetsReceived: 0 }, audio: { packetsReceived: 0 } };
  for (const consumer of state.consumers) {
    const stats = await consumer.getStats();
    stats.forEach((s) => {
      if (s.type !== 'inbound-rtp') return;
      if (s.kind === 'video') {
        out.video.framesDecoded = Math.max(out.video.framesDecoded, s.framesDecoded ?? 0);
        out.video.packetsReceived = Math.max(out.video.packetsReceived, s.packetsReceived ?? 0);
        out.video.codec = consumer.rtpParameters.codecs[0].mimeType;
      } else {
        out.audio.packetsReceived = Math.max(out.audio.packetsReceived, s.packetsReceived ?? 0);
      }
    });
  }
  return out;
};

// ICE restart of both transports with new parameters from Weir.
window.weirRestartIce = async () => {
  for (const transport of [state.send, state.recv]) {
    const { iceParameters } = await weir('transport.restartIce', transport.id);
    await transport.restartIce({ iceParameters });
  }
};

window.weirHangUp = async () => {
  for (const p of state.producers) p.close();
  for (const c of state.consumers) c.close();
  state.send?.close();
  state.recv?.close();
};
