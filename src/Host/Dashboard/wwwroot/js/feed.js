// The live feed (/stream, Server-Sent Events), with what it sent before the page connected.
// Once the stream says it is ready, the node's recent events (/stream/recent) are replayed, then
// the live ones that arrived meanwhile; an event seen twice is handed on once. EventSource
// reconnects by itself, and each reconnection fills its gap the same way.
import { get } from './api.js';
import { parseExact } from './exact-json.js';

export const EVENT_NAMES = ['ready', 'price', 'open', 'decrease', 'close', 'breach', 'liquidation', 'adl', 'bad-debt'];
const REMEMBERED = 5000;
const RETRY_CLOSED_MS = 10000;

/** What makes two deliveries the same event. */
function identity(name, d) {
  return [name, d.market, d.sequence, d.positionId, d.breach, d.at, d.quantity, d.price].join('|');
}

export class Feed {
  constructor(path = '/stream') {
    this.path = path;
    this.listeners = new Map();
    this.stateListeners = [];
    this.received = 0;
    this.state = 'connecting';
    this.seen = new Set();
    this.order = [];
    this.held = null;
    this.caughtUp = false;
  }

  on(name, listener) {
    if (!this.listeners.has(name)) this.listeners.set(name, []);
    this.listeners.get(name).push(listener);
    return this;
  }

  onState(listener) {
    this.stateListeners.push(listener);
    listener(this.state);
  }

  setState(state) {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  deliver(name, data) {
    if (name !== 'ready') {
      const key = identity(name, data);
      if (this.seen.has(key)) return;
      this.seen.add(key);
      this.order.push(key);
      if (this.order.length > REMEMBERED) this.seen.delete(this.order.shift());
    }
    this.received++;
    for (const listener of this.listeners.get(name) ?? []) listener(data, name);
    for (const listener of this.listeners.get('*') ?? []) listener(data, name);
  }

  /** After each "ready": the recent events first, then those held while they were fetched. */
  async catchUp() {
    this.held = [];
    try {
      const recent = await get('/stream/recent');
      for (const e of recent.events) this.deliver(e.event, e.data);
    } catch (error) {
      console.warn('feed: no recent events', error);
    }
    const held = this.held;
    this.held = null;
    for (const [name, data] of held) this.deliver(name, data);
    this.caughtUp = true;
  }

  start() {
    const source = new EventSource(this.path);
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (e) => {
        // The feed's "open" shares its name with EventSource's own connection event, which has no data.
        if (!(e instanceof MessageEvent)) return;
        let data;
        try {
          data = parseExact(e.data);
        } catch (error) {
          console.warn('feed: unreadable event', name, error);
          return;
        }
        if (name === 'ready') {
          this.deliver(name, data);
          this.setState('live');
          this.catchUp();
        } else if (this.held) {
          this.held.push([name, data]);
        } else {
          this.deliver(name, data);
        }
      });
    }
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED) {
        this.setState('reconnecting');
        return;
      }
      // A refusal (the node at its cap of live feeds: 503) closes an EventSource for good: try again later.
      this.setState('closed');
      setTimeout(() => this.start(), RETRY_CLOSED_MS);
    });
    this.source = source;
    return this;
  }
}
