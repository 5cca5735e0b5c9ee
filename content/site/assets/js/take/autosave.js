// @ts-check
// Autosave: answers are collected as they change, cut into numbered batches, persisted in
// localStorage, and sent in order with PUT /v1/session/answers. A batch keeps its number and
// contents until the server acknowledges it, so a retry is a replay the server recognises
// (idempotent by seq). Nothing is dropped on a network failure: the queue survives offline
// periods, reloads and closed tabs, and drains when the connection returns.
//
// When a batch is cut: after 20 changed answers, or five minutes after the first unsent change;
// and always (main.js calls flush or flushOnHide) when the candidate reaches a part's review
// screen, finishes a part, runs out of time or completes, when the page is hidden or
// closing, and when the connection comes back. Why so few: every answer is in localStorage
// the moment it is given, so a reload or a closed tab loses nothing; the server's copy is
// for a lost or switched device (a switch hides this page first, which sends everything),
// and the five-minute timer bounds what a device that dies outright can lose. Each batch
// is one DynamoDB write, so fewer, fuller batches are what keeps a candidate within about
// 30 write units (go run ./scripts/bench reads these two numbers from this file).
//
// States reported to onState: saved | saving | pending | offline | retrying | error, with
// the number of answers not yet acknowledged.

import { ApiError } from '../http.js';

const BATCH_ANSWERS = 20;      // cut a batch after this many changed answers…
const BATCH_WAIT_MS = 300000;  // …or this long after the first unsent change
const MAX_ANSWERS = 50;        // the API takes up to 60 per batch
const MAX_EVENTS = 150;        // and up to 200 events
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 15000;

export class Autosaver {
  /**
   * @param {object} o
   * @param {string} o.storageKey  localStorage key for this session's queue
   * @param {(batch: object, keepalive: boolean) => Promise<object>} o.send
   * @param {(state: string, n: number, detail?: string) => void} o.onState
   * @param {(section: number, err: ApiError) => void} o.onClosed  a section took no more answers (deadline)
   * @param {(err: ApiError) => void} o.onAuth  the session token stopped working
   */
  constructor({ storageKey, send, onState, onClosed, onAuth }) {
    this.key = storageKey;
    this.send = send;
    this.onState = onState || (() => {});
    this.onClosed = onClosed || (() => {});
    this.onAuth = onAuth || (() => {});
    this.queue = [];       // [{seq, section, answers:[{item,value,ms}], events:[…]}]
    this.pending = {};     // section → {item → {value, ms}}
    this.events = {};      // section → [{type, item, atMs}]
    this.nextSeq = 1;
    this.sending = false;
    this.attempt = 0;
    this.retryTimer = null;
    this.cutTimer = null;
    this.lastError = '';
    this.waiters = [];
    this.stopped = false;
    this.load();
    // Back online: cut what is pending and send it all now.
    this.onlineHandler = () => { this.attempt = 0; this.cut(); };
    window.addEventListener('online', this.onlineHandler);
  }

  load() {
    try {
      const raw = localStorage.getItem(this.key);
      if (!raw) return;
      const s = JSON.parse(raw);
      this.queue = Array.isArray(s.queue) ? s.queue : [];
      this.pending = s.pending && typeof s.pending === 'object' ? s.pending : {};
      this.events = s.events && typeof s.events === 'object' ? s.events : {};
      this.nextSeq = Number.isInteger(s.nextSeq) ? s.nextSeq : 1;
    } catch { /* a corrupt entry is replaced on the next save */ }
  }

  persist() {
    const empty = !this.queue.length && !Object.keys(this.pending).length && !Object.keys(this.events).length;
    try {
      if (empty) {
        localStorage.setItem(this.key, JSON.stringify({ nextSeq: this.nextSeq, queue: [], pending: {}, events: {} }));
      } else {
        localStorage.setItem(this.key, JSON.stringify({ nextSeq: this.nextSeq, queue: this.queue, pending: this.pending, events: this.events }));
      }
    } catch { /* storage full or blocked: the in-memory queue still drains */ }
  }

  /** The server's next batch number (GET /v1/session nextSeq): never go below it. */
  setServerSeq(n) {
    if (Number.isInteger(n) && n > this.nextSeq) {
      this.nextSeq = n;
      this.persist();
    }
  }

  /** Answers of a section not yet acknowledged by the server: queued batches, then pending. */
  unsaved(section) {
    const out = {};
    for (const b of this.queue) {
      if (b.section !== section) continue;
      for (const a of b.answers) out[a.item] = a.value;
    }
    for (const [item, a] of Object.entries(this.pending[section] || {})) out[item] = a.value;
    return out;
  }

  count() {
    let n = 0;
    for (const b of this.queue) n += b.answers.length;
    for (const p of Object.values(this.pending)) n += Object.keys(p).length;
    return n;
  }

  /** Record an answer (replacing an unsent one for the same item). */
  record(section, item, value, ms) {
    if (this.stopped) return;
    const p = (this.pending[section] ||= {});
    p[item] = { value, ms: Math.max(0, Math.min(86400000, Math.round(ms || 0))) };
    this.persist();
    if (Object.keys(p).length >= BATCH_ANSWERS) this.cut();
    else if (!this.cutTimer) this.cutTimer = setTimeout(() => this.cut(), BATCH_WAIT_MS);
    this.report();
  }

  /** Record a client event (focus loss, paste); it travels with the next batch. */
  event(section, ev) {
    if (this.stopped) return;
    const list = (this.events[section] ||= []);
    if (list.length < MAX_EVENTS) list.push(ev);
    this.persist();
  }

  /** Turn pending answers (and events) into numbered batches and start sending. */
  cut() {
    clearTimeout(this.cutTimer);
    this.cutTimer = null;
    const sections = new Set([...Object.keys(this.pending), ...Object.keys(this.events)]);
    for (const key of sections) {
      const section = Number(key);
      const answers = Object.entries(this.pending[key] || {}).map(([item, a]) => ({ item, value: a.value, ms: a.ms }));
      const events = this.events[key] || [];
      // Events alone wait for answers to travel with, unless the section is being flushed.
      if (!answers.length && !this.flushing) continue;
      for (let i = 0; i < Math.max(answers.length, 1); i += MAX_ANSWERS) {
        const batch = { seq: this.nextSeq++, section, answers: answers.slice(i, i + MAX_ANSWERS), events: i === 0 ? events : [] };
        if (!batch.answers.length && !batch.events.length) { this.nextSeq--; continue; }
        this.queue.push(batch);
      }
      delete this.pending[key];
      delete this.events[key];
    }
    this.persist();
    this.pump();
  }

  /** Cut everything now and resolve once the queue is empty (or a section closed). */
  flush() {
    this.flushing = true;
    this.cut();
    this.flushing = false;
    if (!this.queue.length && !this.sending) { this.report(); return Promise.resolve(); }
    return new Promise((resolve) => { this.waiters.push(resolve); this.pump(); });
  }

  /** Best effort when the page is hidden or closing: cut and send with keepalive. */
  flushOnHide() {
    this.flushing = true;
    this.cut();
    this.flushing = false;
    if (this.queue.length && !this.sending) this.pump(true);
  }

  async pump(keepalive = false) {
    if (this.sending || this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.sending = true;
    while (this.queue.length && !this.stopped) {
      const batch = this.queue[0];
      this.report('saving');
      try {
        await this.send(batch, keepalive);
        this.queue.shift();
        this.attempt = 0;
        this.lastError = '';
        this.persist();
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(0, 'network', String(e));
        if (err.transient) {
          this.sending = false;
          this.scheduleRetry(err);
          return;
        }
        if (err.status === 401) {
          this.sending = false;
          this.report('error', err.message);
          this.onAuth(err);
          return;
        }
        if (err.status === 409 || err.status === 410) {
          // The section closed (deadline or finished): its answers can no longer be taken.
          this.queue = this.queue.filter((b) => b.section !== batch.section);
          this.persist();
          this.onClosed(batch.section, err);
          continue;
        }
        if (err.status === 400 && err.fields && 'seq' in err.fields) {
          // The number was used by another tab or device with other answers: renumber.
          batch.seq = this.nextSeq++;
          this.persist();
          continue;
        }
        // The server refused this batch's contents; sending it again would fail again.
        this.queue.shift();
        this.persist();
        this.lastError = err.message;
        this.report('error', err.message);
      }
    }
    this.sending = false;
    this.report();
    if (!this.queue.length) {
      const ws = this.waiters;
      this.waiters = [];
      ws.forEach((w) => w());
    }
  }

  scheduleRetry(err) {
    const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** this.attempt);
    const wait = err.retryAfter ? err.retryAfter * 1000 : exp / 2 + Math.random() * exp / 2; // capped, jittered
    this.attempt += 1;
    this.report(navigator.onLine === false || err.status === 0 ? 'offline' : 'retrying');
    this.retryTimer = setTimeout(() => this.pump(), wait);
  }

  report(forced, detail) {
    const n = this.count();
    let state = forced;
    if (!state) {
      if (this.retryTimer) state = navigator.onLine === false ? 'offline' : 'retrying';
      else if (this.sending) state = 'saving';
      else if (n > 0) state = 'pending';
      else if (this.lastError) state = 'error';
      else state = 'saved';
    }
    this.onState(state, n, detail || this.lastError);
  }

  /** Forget everything (after completion). */
  clear() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.cutTimer);
    window.removeEventListener('online', this.onlineHandler);
    try { localStorage.removeItem(this.key); } catch { /* nothing to do */ }
    const ws = this.waiters;
    this.waiters = [];
    ws.forEach((w) => w());
  }
}
