#!/usr/bin/env python3
"""A Weir controller in a few dozen lines of Python, from channel-schema/ alone.

It uses FlatBuffers' Python code generated from the schema (build/python/weir/fbs/, made by the
build) and Debian's python3-flatbuffers: spawns weir-worker with a socketpair on fd 3, waits for
worker.running, creates a router, dumps the worker and the router, closes the router and the
worker. Run it with /usr/bin/python3; WEIR_BUILD names the build directory (default: build/).
"""
import os, socket, struct, subprocess, sys

BUILD = os.environ.get("WEIR_BUILD", os.path.join(os.path.dirname(__file__), "../../../build"))
sys.path.insert(0, os.path.join(BUILD, "python"))
import flatbuffers  # noqa: E402
from weir.fbs import (Body, ErrorKind, Event, Log, Message, Method, Notification,  # noqa: E402
                      Request, RequestBody, Response, RouterDumpResponse, WorkerCloseRouterRequest,
                      WorkerCreateRouterRequest, WorkerDumpResponse, WorkerRunningNotification)

ours, theirs = socket.socketpair()
worker = subprocess.Popen([os.path.join(BUILD, "bin", "weir-worker")], close_fds=False,
                          preexec_fn=lambda: os.dup2(theirs.fileno(), 3))  # the channel is fd 3
theirs.close()
next_id = 0


def send(method, handler_id="", body_type=RequestBody.RequestBody.NONE, make_body=None):
    """One Request frame: 4-byte little-endian length, then the FlatBuffers Message."""
    global next_id
    next_id += 1
    b = flatbuffers.Builder(128)
    body = make_body(b) if make_body else None
    handler = b.CreateString(handler_id)
    Request.Start(b); Request.AddId(b, next_id); Request.AddMethod(b, method)
    Request.AddHandlerId(b, handler)
    if body is not None:
        Request.AddBodyType(b, body_type); Request.AddBody(b, body)
    request = Request.End(b)
    Message.Start(b); Message.AddDataType(b, Body.Body.Request); Message.AddData(b, request)
    b.Finish(Message.End(b))
    ours.sendall(struct.pack("<I", len(b.Output())) + b.Output())
    return next_id


def receive():
    def exactly(n):
        data = b""
        while len(data) < n:
            chunk = ours.recv(n - len(data))
            if not chunk:
                sys.exit("the worker closed the channel")
            data += chunk
        return data
    (length,) = struct.unpack("<I", exactly(4))
    return Message.Message.GetRootAs(bytearray(exactly(length)), 0)


def table(union, cls):
    obj = cls(); obj.Init(union.Bytes, union.Pos); return obj


def call(method, handler_id="", body_type=RequestBody.RequestBody.NONE, make_body=None):
    """Sends a request and returns its Response (printing logs that arrive meanwhile)."""
    request_id = send(method, handler_id, body_type, make_body)
    while True:
        message = receive()
        if message.DataType() == Body.Body.Log:
            print("log:", table(message.Data(), Log.Log).Text().decode())
            continue
        if message.DataType() != Body.Body.Response:
            continue
        response = table(message.Data(), Response.Response)
        if response.Id() == request_id:
            if not response.Accepted():
                kinds = {v: k for k, v in vars(ErrorKind.ErrorKind).items() if not k.startswith("_")}
                sys.exit(f"rejected: {kinds[response.Error()]}: {response.Reason().decode()}")
            return response


# 1. worker.running
message = receive()
assert message.DataType() == Body.Body.Notification
notification = table(message.Data(), Notification.Notification)
assert notification.Event() == Event.Event.worker_running
running = table(notification.Body(), WorkerRunningNotification.WorkerRunningNotification)
print(f"worker.running: version {running.Version().decode()}, pid {running.Pid()}")

# 2. worker.createRouter {"routerId": "py-router"}
def router_id(b, cls=WorkerCreateRouterRequest):
    rid = b.CreateString("py-router")
    cls.Start(b); cls.AddRouterId(b, rid); return cls.End(b)
call(Method.Method.worker_createRouter, body_type=RequestBody.RequestBody.worker_createRouter,
     make_body=router_id)
print("worker.createRouter: py-router")

# 3. worker.dump and router.dump
dump = table(call(Method.Method.worker_dump).Body(), WorkerDumpResponse.WorkerDumpResponse)
ids = [dump.RouterIds(i).decode() for i in range(dump.RouterIdsLength())]
print(f"worker.dump: version {dump.Version().decode()}, pid {dump.Pid()}, routerIds {ids}, "
      f"framesIn {dump.Channel().FramesIn()}")
assert ids == ["py-router"] and dump.Pid() == worker.pid
router = table(call(Method.Method.router_dump, "py-router").Body(),
               RouterDumpResponse.RouterDumpResponse)
print(f"router.dump: id {router.Id().decode()}, transports {router.TransportIdsLength()}")

# 4. worker.closeRouter, worker.close, exit 0
call(Method.Method.worker_closeRouter, body_type=RequestBody.RequestBody.worker_closeRouter,
     make_body=lambda b: router_id(b, WorkerCloseRouterRequest))
call(Method.Method.worker_close)
code = worker.wait(timeout=10)
print(f"worker exited with code {code}")
sys.exit(code)
