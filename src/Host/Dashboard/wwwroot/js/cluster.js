// Cluster: the members and their status, the journal's health, events recorded per second (from
// two readings of the journal's event count), the live feed, and each market's watchers.
import { ApiProblem, get, every } from './api.js';
import { h, replace } from './dom.js';

export class ClusterPanel {
  constructor(container, feed, risk) {
    this.container = container;
    this.feed = feed;
    this.risk = risk;
    this.previous = null;
    this.health = h('div', { class: 'health' });
    this.metrics = h('div', { class: 'metrics' });
    this.watchers = h('div', { class: 'watchers' });
    container.append(this.health, this.metrics, this.watchers);
  }

  start() {
    every(4000, async () => {
      let health;
      try {
        health = await get('/health');
      } catch (e) {
        // 503 still carries the health report: it says what is degraded.
        if (!(e instanceof ApiProblem) || !e.problem?.members) throw e;
        health = e.problem;
      }
      this.showHealth(health);
      this.showMetrics(await get('/cluster/metrics'));
    });
  }

  showHealth(health) {
    const ok = health.status === 'ok';
    replace(this.health,
      h('p', {}, h('span', { class: `badge ${ok ? 'ok' : 'alert'}`, 'data-health': health.status, text: health.status }),
        ' ', h('span', { class: 'node', text: health.node })),
      h('table', { class: 'members' },
        h('thead', {}, h('tr', {}, h('th', { text: 'member' }), h('th', { text: 'status' }), h('th', { text: 'roles' }))),
        h('tbody', {}, ...health.members.map((m) => h('tr', {},
          h('td', { class: 'address', text: m.address }),
          h('td', {}, h('span', { class: `badge ${m.status === 'Up' ? 'ok' : 'warn'}`, text: m.status })),
          h('td', { class: 'roles', text: m.roles.join(', ') || '—' }))))),
      h('p', { class: 'journal' }, 'journal ',
        h('span', { class: `badge ${health.journal.reachable ? 'ok' : 'alert'}`, 'data-journal': health.journal.reachable ? 'reachable' : 'unreachable',
          text: health.journal.reachable ? 'reachable' : 'unreachable' }),
        health.journal.error ? h('span', { class: 'error', text: ` ${health.journal.error}` }) : null));
  }

  showMetrics(m) {
    let rate = '—';
    if (m.journalEvents !== undefined) {
      const now = { events: Number(m.journalEvents), at: Date.parse(m.at) };
      if (this.previous && now.at > this.previous.at)
        rate = ((now.events - this.previous.events) / ((now.at - this.previous.at) / 1000)).toFixed(1);
      this.previous = now;
    }
    const metric = (name, label, value) => h('div', { class: 'metric', 'data-metric': name }, h('b', { text: value }), h('span', { text: label }));
    replace(this.metrics,
      metric('events-per-second', 'journal events/s', rate),
      metric('journal-events', 'events recorded', m.journalEvents !== undefined ? Number(m.journalEvents).toLocaleString('en-US') : '—'),
      metric('sagas', 'position sagas in flight', String(this.risk.sagasInFlight())),
      metric('feeds', 'live feeds', String(m.liveFeeds)),
      metric('feed-events', 'feed events here', `${this.feed.received.toLocaleString('en-US')} (${this.feed.state})`));
    replace(this.watchers, h('table', { class: 'watchers-table' },
      h('thead', {}, h('tr', {}, ...['market', 'index', 'watched', 'checks sent', 'open breaches', 'liquidations sent'].map((t) => h('th', { text: t })))),
      h('tbody', {}, ...m.markets.map((w) => h('tr', { 'data-watch': w.market },
        h('td', { text: w.market }),
        h('td', {}, h('span', { class: `badge ${w.caughtUp ? 'ok' : 'warn'}`, text: w.caughtUp ? 'live' : 'catching up' })),
        h('td', { class: 'num', text: String(w.watchedPositions) }),
        h('td', { class: 'num', text: String(w.checksSent) }),
        h('td', { class: `num ${Number(w.breachesOutstanding) > 0 ? 'alert-text' : ''}`, text: String(w.breachesOutstanding) }),
        h('td', { class: 'num', text: String(w.liquidationsSent) }))))));
  }
}
