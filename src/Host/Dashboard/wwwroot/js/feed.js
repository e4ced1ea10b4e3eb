// The live feed (/stream, Server-Sent Events). EventSource reconnects by itself; each event's
// data is read with exact numbers and handed to every listener of its name.
import { parseExact } from './exact-json.js';

export const EVENT_NAMES = ['ready', 'price', 'open', 'decrease', 'close', 'breach', 'liquidation', 'adl', 'bad-debt'];

export class Feed {
  constructor(path = '/stream') {
    this.path = path;
    this.listeners = new Map();
    this.stateListeners = [];
    this.received = 0;
    this.state = 'connecting';
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
        this.received++;
        if (name === 'ready') this.setState('live');
        for (const listener of this.listeners.get(name) ?? []) listener(data, name);
        for (const listener of this.listeners.get('*') ?? []) listener(data, name);
      });
    }
    source.addEventListener('error', () => this.setState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting'));
    this.source = source;
    return this;
  }
}
