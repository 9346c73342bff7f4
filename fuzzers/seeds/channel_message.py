# Regenerates the seed corpus of fuzz_channel_message from the schema's Python code:
#   /usr/bin/python3 fuzzers/seeds/channel_message.py fuzzers/corpus/channel_message build/python
import sys, struct, os
sys.path.insert(0, sys.argv[2] if len(sys.argv) > 2 else 'build/python')
import flatbuffers
from weir.fbs import Message, Body, Request, Method, RequestBody, WorkerCreateRouterRequest, WorkerCloseRouterRequest, WorkerUpdateSettingsRequest
from weir.fbs import RouterCreateAudioLevelObserverRequest as Alo, RouterCreateActiveSpeakerObserverRequest as Aso, RouterCloseRtpObserverRequest as CloseObs, RtpObserverAddProducerRequest as AddProd
out = sys.argv[1]
def req(method, handler="", body_type=0, body_fn=None, rid=1):
    b = flatbuffers.Builder(256); h = b.CreateString(handler)
    body = body_fn(b) if body_fn else None
    Request.Start(b); Request.AddId(b, rid); Request.AddMethod(b, method); Request.AddHandlerId(b, h)
    if body is not None: Request.AddBodyType(b, body_type); Request.AddBody(b, body)
    r = Request.End(b); Message.Start(b); Message.AddDataType(b, Body.Body.Request); Message.AddData(b, r)
    b.Finish(Message.End(b)); return bytes(b.Output())
def cr(name):
    def f(b):
        s = b.CreateString(name); WorkerCreateRouterRequest.Start(b); WorkerCreateRouterRequest.AddRouterId(b, s); return WorkerCreateRouterRequest.End(b)
    return f
def cl(name):
    def f(b):
        s = b.CreateString(name); WorkerCloseRouterRequest.Start(b); WorkerCloseRouterRequest.AddRouterId(b, s); return WorkerCloseRouterRequest.End(b)
    return f
def us(b):
    WorkerUpdateSettingsRequest.StartLogTagsVector(b, 2); b.PrependUint8(3); b.PrependUint8(1); v = b.EndVector()
    WorkerUpdateSettingsRequest.Start(b); WorkerUpdateSettingsRequest.AddLogLevel(b, 1); WorkerUpdateSettingsRequest.AddLogTags(b, v); return WorkerUpdateSettingsRequest.End(b)
M = Method.Method; RB = RequestBody.RequestBody
msgs = {
  'dump': req(M.worker_dump),
  'resource_usage': req(M.worker_getResourceUsage),
  'create_router': req(M.worker_createRouter, body_type=RB.worker_createRouter, body_fn=cr('r1')),
  'close_router': req(M.worker_closeRouter, body_type=RB.worker_closeRouter, body_fn=cl('r1')),
  'router_dump': req(M.router_dump, handler='r1'),
  'update_settings': req(M.worker_updateSettings, body_type=RB.worker_updateSettings, body_fn=us),
  'close': req(M.worker_close),
}
frame = lambda p: struct.pack('<I', len(p)) + p
for name, payload in msgs.items():
    open(os.path.join(out, 'single_' + name), 'wb').write(b'\x01\x00' + payload)
stream = frame(msgs['create_router']) + frame(msgs['router_dump']) + frame(msgs['close_router']) + frame(msgs['dump'])
open(os.path.join(out, 'stream_create_dump_close'), 'wb').write(b'\x00\x07' + stream)
open(os.path.join(out, 'stream_oversized'), 'wb').write(b'\x00\x03' + struct.pack('<I', 4*1024*1024+1) + b'x'*64 + frame(msgs['dump']))
# RTP observers: create both kinds in r1, pause/resume, addProducer of an unknown producer, dump,
# close one by its router, close the router (which closes the other).
def alo(b):
    s = b.CreateString('alo'); Alo.Start(b); Alo.AddRtpObserverId(b, s); Alo.AddMaxEntries(b, 3); Alo.AddThreshold(b, -50); Alo.AddInterval(b, 200); return Alo.End(b)
def aso(b):
    s = b.CreateString('aso'); Aso.Start(b); Aso.AddRtpObserverId(b, s); Aso.AddInterval(b, 100); return Aso.End(b)
def close_aso(b):
    s = b.CreateString('aso'); CloseObs.Start(b); CloseObs.AddRtpObserverId(b, s); return CloseObs.End(b)
def add_p(b):
    s = b.CreateString('p1'); AddProd.Start(b); AddProd.AddProducerId(b, s); return AddProd.End(b)
obs = [req(M.worker_createRouter, body_type=RB.worker_createRouter, body_fn=cr('r1')),
       req(M.router_createAudioLevelObserver, 'r1', RB.router_createAudioLevelObserver, alo, 2),
       req(M.router_createActiveSpeakerObserver, 'r1', RB.router_createActiveSpeakerObserver, aso, 3),
       req(M.rtpObserver_pause, 'alo', rid=4), req(M.rtpObserver_resume, 'alo', rid=5),
       req(M.rtpObserver_addProducer, 'aso', RB.rtpObserver_addProducer, add_p, 6),
       req(M.router_dump, 'r1', rid=7),
       req(M.router_closeRtpObserver, 'r1', RB.router_closeRtpObserver, close_aso, 8),
       req(M.worker_closeRouter, body_type=RB.worker_closeRouter, body_fn=cl('r1'), rid=9)]
open(os.path.join(out, 'stream_rtp_observers'), 'wb').write(b'\x00\x09' + b''.join(frame(m) for m in obs))
open(os.path.join(out, 'single_create_audio_level_observer'), 'wb').write(b'\x01\x00' + obs[1])
