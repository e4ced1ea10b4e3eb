// Risk: per market, the open positions by distance to liquidation (σ-distance when the node
// sends it), how many are at risk or already past their liquidation price, and how many have a
// saga in flight.
import { get, every } from './api.js';
import { h, replace, s } from './dom.js';
import { drawHistogram } from './histogram.js';
import * as D from './decimal.js';

export class RiskPanel {
  constructor(container) {
    this.container = container;
    this.cards = new Map();
    this.profiles = new Map();
  }

  /** Positions with a saga in flight, over every market: what the cluster panel shows. */
  sagasInFlight() {
    let total = 0;
    for (const p of this.profiles.values()) total += Number(p.opening) + Number(p.settling) + Number(p.liquidating);
    return total;
  }

  start(marketNames) {
    this.poller = every(3000, async () => {
      for (const market of marketNames()) {
        try {
          this.show(await get(`/markets/${encodeURIComponent(market)}/risk`));
        } catch (e) {
          console.warn(e);
        }
      }
    });
  }

  refresh() {
    this.poller?.now();
  }

  show(profile) {
    this.profiles.set(profile.market, profile);
    let card = this.cards.get(profile.market);
    if (!card) {
      const svg = s('svg', { class: 'histogram', role: 'img' });
      card = { element: h('article', { class: 'card risk', 'data-risk': profile.market }), svg, summary: h('p', { class: 'summary' }) };
      card.element.append(h('header', {}, h('h3', { text: profile.market }), h('span', { class: 'unit' })), card.summary,
        h('div', { class: 'histogram-box' }, svg),
        h('p', { class: 'legend' }, h('span', { class: 'swatch long' }), 'long ', h('span', { class: 'swatch short' }), 'short ',
          h('span', { class: 'swatch risky' }), 'at risk'));
      this.cards.set(profile.market, card);
      this.container.append(card.element);
      new ResizeObserver(() => card.draw?.()).observe(card.element);
    }

    const sigma = Array.isArray(profile.sigmaBuckets);
    const buckets = (sigma ? profile.sigmaBuckets : profile.buckets).map((b) => ({ ...b }));
    const breached = profile.buckets.filter((b) => b.from === undefined).reduce((n, b) => n + Number(b.longs) + Number(b.shorts), 0);
    const inFlight = Number(profile.opening) + Number(profile.settling) + Number(profile.liquidating);
    card.element.querySelector('.unit').textContent = sigma ? 'σ-distance to liquidation' : 'distance to liquidation, % of price';
    const stat = (name, label, value, cls) => h('span', { class: `stat ${cls ?? ''}`, 'data-stat': name }, h('b', { text: String(value) }), ` ${label}`);
    replace(card.summary,
      stat('open', 'open', profile.openPositions),
      stat('at-risk', `at risk (< ${D.percent(profile.atRiskDistance, 0)})`, profile.atRisk, Number(profile.atRisk) > 0 ? 'warn' : ''),
      stat('breached', 'past liquidation', breached, breached > 0 ? 'alert' : ''),
      stat('in-flight', 'sagas in flight', inFlight),
      profile.caughtUp === false ? h('span', { class: 'badge warn', text: 'index catching up' }) : null);
    card.draw = () => drawHistogram(card.svg, buckets, {
      unit: sigma ? 'sigma' : 'percent',
      atRiskBelow: sigma ? profile.atRiskSigma : profile.atRiskDistance,
    });
    card.draw();
  }
}
