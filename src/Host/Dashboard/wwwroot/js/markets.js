// Markets: a card per market with its live oracle price, a chart of the prices the node kept and
// those since, halts and breaker trips shaded, and the parameters in force. Volatility and the
// margin requirement in force appear when the node starts sending them (absent: hidden).
import { get, every } from './api.js';
import { PriceChart } from './chart.js';
import { clock, h, replace } from './dom.js';
import * as D from './decimal.js';

const PRICE = { places: 6 };

function fact(label, value, title, name) {
  return h('div', { class: 'fact', 'data-fact': name }, h('dt', { text: label }), h('dd', { title: title ?? value, text: value }));
}

export class MarketsPanel {
  constructor(container, feed) {
    this.container = container;
    this.feed = feed;
    this.cards = new Map();
    this.views = new Map();
    this.listeners = [];
    feed.on('price', (p) => this.card(p.market)?.tick(p));
    feed.on('breach', (b) => this.card(b.market)?.chart.mark('breach', b.price, `breach of ${b.positionId} at ${D.format(b.price, PRICE)}`));
    feed.on('liquidation', (l) => this.card(l.market)?.chart.mark('liquidation', l.price,
      `${l.positionId} liquidated: ${D.format(l.quantity)} at ${D.format(l.price, PRICE)}`));
  }

  /** Called with every market list the node returns. */
  onMarkets(listener) {
    this.listeners.push(listener);
  }

  /** From the pool's state: the operator's halts reach the pool (and the breaker's too), not the oracle. */
  poolHalt(market, until) {
    this.card(market)?.poolHalt(until);
  }

  parameters(market) {
    return this.views.get(market)?.parameters;
  }

  start() {
    every(2000, async () => {
      const markets = await get('/markets');
      for (const view of markets) {
        this.views.set(view.market, view);
        const card = this.card(view.market) ?? this.create(view.market);
        card.update(view);
      }
      for (const listener of this.listeners) listener(markets);
    });
  }

  card(market) {
    return this.cards.get(market);
  }

  create(market) {
    const feed = this.feed;
    const price = h('span', { class: 'price', 'data-field': 'price', text: '—' });
    const change = h('span', { class: 'change', 'data-field': 'change' });
    const staleBadge = h('span');
    const haltBadge = h('span');
    const badges = h('span', { class: 'badges' }, staleBadge, haltBadge);
    const chartBox = h('div', { class: 'chart-box' });
    const facts = h('dl', { class: 'facts' });
    const element = h('article', { class: 'card market', 'data-market': market },
      h('header', {}, h('h3', { text: market }), price, change, badges), chartBox, facts);
    this.container.append(element);
    const chart = new PriceChart(chartBox, { priceFormat: PRICE });
    let first = null;
    let sequence = -1;
    let oracleHalt = null;
    let poolHalt = null;

    const showHalt = () => {
      const halted = oracleHalt !== null || poolHalt !== null;
      const until = [oracleHalt, poolHalt].filter((u) => u).sort().pop();
      const text = until ? `halted until ${clock(until)}` : 'halted';
      chart.setHalted(halted, text);
      replace(haltBadge, halted ? h('span', { class: 'badge alert', 'data-badge': 'halted', title: until ?? '', text }) : null);
    };

    const showPrice = (value) => {
      if (first === null) first = value;
      price.textContent = D.format(value, PRICE);
      price.title = value;
      const moved = D.div(D.sub(value, first), first, 8);
      change.textContent = D.sign(moved) === 0 ? '' : D.percent(moved, 2).replace(/^(?!-)/, '+');
      change.className = `change ${D.sign(moved) < 0 ? 'down' : 'up'}`;
    };

    const card = {
      chart,
      /** A price from the feed: the chart moves at once. */
      tick(p) {
        const seq = Number(p.sequence);
        if (seq <= sequence) return;
        sequence = seq;
        chart.addPrice(p.price, p.at);
        showPrice(p.price);
      },
      poolHalt(until) {
        poolHalt = until ?? null;
        showHalt();
      },
      /** The market as /markets shows it: badges, parameters, and a first point before the feed has one. */
      update(view) {
        // Before the feed has replayed its recent prices, a newer one from here would hide them.
        if (view.price !== undefined && feed.caughtUp && Number(view.priceSequence) > sequence) {
          card.tick({ price: view.price, at: view.priceAt, sequence: view.priceSequence });
        }
        oracleHalt = view.halted === true ? view.haltedUntil ?? '' : null;
        showHalt();
        replace(staleBadge,
          view.stale ? h('span', { class: 'badge warn', title: 'no oracle price younger than the staleness limit', text: 'stale' }) : null);
        const p = view.parameters ?? {};
        replace(facts,
          fact('max leverage', `${D.format(p.maxLeverage)}×`, undefined, 'max-leverage'),
          fact('maintenance', D.percent(p.maintenanceMarginRate), p.maintenanceMarginRate, 'maintenance'),
          view.maintenanceMarginRateInForce !== undefined
            ? fact('margin in force', D.percent(view.maintenanceMarginRateInForce), view.maintenanceMarginRateInForce, 'margin-in-force') : null,
          view.volatility !== undefined
            ? fact('volatility σ (year)', D.percent(view.volatility.annualized),
              `${view.volatility.model}: σ ${view.volatility.sigmaPerSqrtSecond} per √s, ${D.percent(view.volatility.daily)} a day, from ${view.volatility.samples} returns`,
              'volatility') : null,
          fact('fees open/close', `${D.percent(p.openFeeRate, 3)} / ${D.percent(p.closeFeeRate, 3)}`, undefined, 'fees'),
          fact('oracle price #', String(view.priceSequence ?? 0), view.priceAt ? `at ${view.priceAt}` : 'no price yet', 'sequence'));
      },
    };
    this.cards.set(market, card);
    return card;
  }
}
