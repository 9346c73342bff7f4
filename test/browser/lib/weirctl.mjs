// Drives a weir-worker through weirctl from Node (JSON lines both ways), as the browser tests'
// signalling bridge: a page calls weirRequest(method, handlerId, body) and gets the body back.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';

export class WeirError extends Error {
  constructor(kind, reason) {
    super(`${kind}: ${reason}`);
    this.kind = kind;
  }
}

export function binDir() {
  return process.env.WEIR_BIN || path.resolve(new URL('.', import.meta.url).pathname, '../../../build/bin');
}

export class Weirctl {
  // Resolves once the worker is running.
  static async start(args = []) {
    const w = new Weirctl(args);
    await w.waitEvent('worker.running');
    return w;
  }

  constructor(args) {
    this.proc = spawn(path.join(binDir(), 'weirctl'),
      ['--log-level=warn', '--ignore-unknown-fields', ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.nextId = 1;
    this.pending = new Map();
    this.events = [];
    this.waiters = [];
    this.logs = [];
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
    createInterface({ input: this.proc.stdout }).on('line', (line) => this.onLine(line));
  }

  onLine(line) {
    if (!line.trim()) return;
    const msg = JSON.parse(line);
    if ('accepted' in msg && 'id' in msg) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.accepted) p.resolve(msg.body ?? {});
      else p.reject(new WeirError(msg.error, msg.reason));
    } else if ('event' in msg) {
      this.events.push(msg);
      this.waiters = this.waiters.filter((w) => !w(msg));
    } else if ('log' in msg) {
      this.logs.push(msg.log);
    } else if ('error' in msg) {
      // A line weirctl could not turn into a request: fail the oldest pending request.
      const [id, p] = this.pending.entries().next().value ?? [];
      if (p) {
        this.pending.delete(id);
        p.reject(new WeirError('LocalError', msg.error));
      }
    }
  }

  request(method, handlerId = '', body = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.proc.stdin.write(JSON.stringify({ id, method, handlerId, body }) + '\n');
    });
  }

  waitEvent(event, handlerId = null, timeoutMs = 10000) {
    const match = (e) => e.event === event && (handlerId === null || e.handlerId === handlerId);
    const found = this.events.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} for ${handlerId}`)), timeoutMs);
      this.waiters.push((e) => {
        if (!match(e)) return false;
        clearTimeout(timer);
        resolve(e);
        return true;
      });
    });
  }

  eventsOf(event, handlerId = null) {
    return this.events.filter((e) => e.event === event && (handlerId === null || e.handlerId === handlerId));
  }

  async close() {
    this.proc.stdin.end();
    return this.exited;
  }
}
