"""A scripted weir-room client for tests (no browser): the protocol of
controller/examples/room-server/PROTOCOL.md over Debian's python3-websockets."""

import asyncio
import itertools
import json

import websockets

SUBPROTOCOL = "weir-room"


class RoomError(Exception):
    def __init__(self, code, reason):
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason


class RoomClient:
    def __init__(self, ws):
        self.ws = ws
        self.ids = itertools.count(1)
        self.pending = {}           # id -> future of the response
        self.anonymous = asyncio.Queue()  # error responses with id null
        self.events = []            # every event, in order
        self.event_added = asyncio.Event()
        self.closed = asyncio.Event()
        self.reader = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def connect(cls, url):
        ws = await websockets.connect(url, subprotocols=[SUBPROTOCOL], max_size=None)
        return cls(ws)

    async def _read(self):
        try:
            async for text in self.ws:
                message = json.loads(text)
                kind = message.get("type")
                if kind == "response":
                    future = self.pending.pop(message["id"], None) if message["id"] is not None \
                        else None
                    if future is not None:
                        future.set_result(message)
                    else:
                        await self.anonymous.put(message)
                elif kind == "event":
                    self.events.append(message)
                    self.event_added.set()
                else:
                    raise AssertionError(f"unexpected message class: {text}")
        except websockets.ConnectionClosed:
            pass
        finally:
            self.closed.set()
            for future in self.pending.values():
                if not future.done():
                    future.set_exception(ConnectionError("connection closed"))

    async def send_raw(self, text, expect_id=None, timeout=5):
        """Sends anything; returns the response (by expect_id, or the next id-less one)."""
        future = None
        if expect_id is not None:
            future = asyncio.get_running_loop().create_future()
            self.pending[expect_id] = future
        await self.ws.send(text)
        if future is not None:
            return await asyncio.wait_for(future, timeout)
        return await asyncio.wait_for(self.anonymous.get(), timeout)

    async def raw_request(self, method, data=None, timeout=10):
        request_id = next(self.ids)
        message = {"type": "request", "id": request_id, "method": method}
        if data is not None:
            message["data"] = data
        response = await self.send_raw(json.dumps(message), expect_id=request_id, timeout=timeout)
        assert response["id"] == request_id, response
        return response

    async def request(self, method, data=None, timeout=10):
        response = await self.raw_request(method, data, timeout)
        if not response["ok"]:
            raise RoomError(response["error"]["code"], response["error"]["reason"])
        return response["data"]

    async def expect_error(self, code, method, data=None):
        response = await self.raw_request(method, data)
        assert not response["ok"], f"{method} should have failed with {code}: {response}"
        assert response["error"]["code"] == code, response
        assert response["error"]["reason"], response
        return response["error"]["reason"]

    async def wait_event(self, name, predicate=lambda data: True, timeout=10, start=0):
        """The first event `name` (from index `start`) whose data satisfies predicate."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for event in self.events[start:]:
                if event["event"] == name and predicate(event["data"]):
                    return event["data"]
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                names = [e["event"] for e in self.events]
                raise TimeoutError(f"no event {name}; got {names}")
            self.event_added.clear()
            try:
                await asyncio.wait_for(self.event_added.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    def count(self, name, predicate=lambda data: True):
        return sum(1 for e in self.events if e["event"] == name and predicate(e["data"]))

    async def close(self):
        await self.ws.close()
        await self.closed.wait()
