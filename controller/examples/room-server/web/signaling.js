// The weir-room WebSocket (PROTOCOL.md beside this folder): signals are requests answered by
// exactly one response matched by id; events are never answered. The two classes have separate
// handlers here too: request() returns the answer of one signal, onEvent() gets every event.

export class SignalError extends Error {
  constructor(method, error) {
    super(`${method}: ${error.code}: ${error.reason}`);
    this.code = error.code;
    this.reason = error.reason;
  }
}

export class Signaling {
  // Resolves once the socket is open; rejects if it cannot open.
  static open(url) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, 'weir-room');
      ws.onopen = () => resolve(new Signaling(ws));
      ws.onerror = () => reject(new Error(`cannot open ${url}`));
    });
  }

  constructor(ws) {
    this.ws_ = ws;
    this.nextId_ = 1;
    this.pending_ = new Map(); // id -> {method, resolve, reject}
    this.eventHandlers_ = [];
    this.closeHandlers_ = [];
    // Error answers the server could not attribute to a request (id null: unreadable input).
    this.unattributedErrors = [];
    // Every error answer, in arrival order (tests count them).
    this.errors = [];
    ws.onmessage = (m) => this.onMessage_(m.data);
    ws.onerror = () => {};
    ws.onclose = (e) => {
      for (const p of this.pending_.values()) p.reject(new Error(`${p.method}: connection closed`));
      this.pending_.clear();
      for (const h of this.closeHandlers_) h(e);
    };
  }

  get open() {
    return this.ws_.readyState === WebSocket.OPEN;
  }

  request(method, data = {}) {
    if (!this.open) return Promise.reject(new Error(`${method}: connection closed`));
    const id = this.nextId_++;
    return new Promise((resolve, reject) => {
      this.pending_.set(id, { method, resolve, reject });
      this.ws_.send(JSON.stringify({ type: 'request', id, method, data }));
    });
  }

  onEvent(handler) {
    this.eventHandlers_.push(handler);
  }

  onClose(handler) {
    this.closeHandlers_.push(handler);
  }

  // Sends any text or bytes as they are (tests: malformed input). Returns nothing; answers show up
  // in errors / unattributedErrors or resolve nothing.
  sendRaw(payload) {
    this.ws_.send(payload);
  }

  close() {
    this.ws_.close();
  }

  onMessage_(text) {
    let msg;
    try {
      msg = JSON.parse(text);
    } catch {
      console.warn('weir-room: unreadable message from the server', text);
      return;
    }
    if (msg.type === 'event') {
      for (const h of this.eventHandlers_) h(msg.event, msg.data ?? {});
      return;
    }
    if (msg.type !== 'response') return;
    if (!msg.ok) this.errors.push({ id: msg.id, ...msg.error });
    const p = this.pending_.get(msg.id);
    if (!p) {
      if (!msg.ok) this.unattributedErrors.push({ id: msg.id, ...msg.error });
      return;
    }
    this.pending_.delete(msg.id);
    if (msg.ok) p.resolve(msg.data ?? {});
    else p.reject(new SignalError(p.method, msg.error ?? { code: 'internal', reason: '?' }));
  }
}
