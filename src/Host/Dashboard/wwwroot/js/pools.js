// Pools: per market, the liquidity behind the positions. Amounts exact (rounded for the eye to
// cents, the exact value in the tooltip); the utilization and open-interest bars use floats for
// their widths only. Funding appears when the node starts sending it.
import { get, every } from './api.js';
import { h, replace } from './dom.js';
import * as D from './decimal.js';

const MONEY = { places: 2 };

function row(label, value, exact, name, warn = false) {
  return h('tr', { 'data-field': name, class: warn ? 'warn' : undefined },
    h('th', { text: label }), h('td', { class: 'num', title: exact, text: value }));
}

function money(label, value, name, warn = false) {
  return row(label, D.format(value, MONEY), value, name, warn);
}

function bar(parts, title) {
  const total = parts.reduce((sum, p) => sum + Math.max(D.toPixels(p.value), 0), 0);
  return h('div', { class: 'bar', title }, ...parts.map((p) => {
    const segment = h('span', { class: p.class });
    segment.style.width = `${total > 0 ? (Math.max(D.toPixels(p.value), 0) / total) * 100 : 0}%`;
    return segment;
  }));
}

export class PoolsPanel {
  constructor(container, markets) {
    this.container = container;
    this.markets = markets;
    this.cards = new Map();
    this.badDebt = new Map();
    this.badDebtListeners = [];
  }

  /** Called with (market, increase, total) whenever a pool's bad debt grows while the page watches. */
  onBadDebt(listener) {
    this.badDebtListeners.push(listener);
  }

  start(marketNames) {
    this.poller = every(3000, async () => {
      for (const market of marketNames()) {
        try {
          this.show(await get(`/pools/${encodeURIComponent(market)}`));
        } catch (e) {
          console.warn(e);
        }
      }
    });
  }

  refresh() {
    this.poller?.now();
  }

  show(pool) {
    let card = this.cards.get(pool.market);
    if (!card) {
      card = h('article', { class: 'card pool', 'data-pool': pool.market });
      this.cards.set(pool.market, card);
      this.container.append(card);
    }

    const before = this.badDebt.get(pool.market);
    if (before !== undefined && D.cmp(pool.badDebt, before) > 0)
      for (const listener of this.badDebtListeners) listener(pool.market, D.sub(pool.badDebt, before), pool.badDebt);
    this.badDebt.set(pool.market, pool.badDebt);

    // A halt that has ended stays recorded in the pool: only one still running counts.
    const halted = pool.haltedUntil && Date.parse(pool.haltedUntil) > Date.parse(pool.at) ? pool.haltedUntil : null;
    this.markets.poolHalt(pool.market, halted);
    const utilization = D.min(D.max(pool.utilization, '0'), '1');
    const utilizationBar = h('div', { class: 'bar single', title: `utilization ${pool.utilization}` }, h('span', { class: 'used' }));
    utilizationBar.firstChild.style.width = `${D.toPixels(utilization) * 100}%`;
    const interest = D.add(pool.longOpenInterest, pool.shortOpenInterest);

    replace(card,
      h('header', {}, h('h3', { text: pool.market }),
        pool.isOpen ? null : h('span', { class: 'badge', text: 'no liquidity yet' }),
        halted ? h('span', { class: 'badge alert', title: `new risk refused until ${halted}`, text: 'halted' }) : null),
      h('table', { class: 'facts-table' },
        money('assets', pool.assets, 'assets'),
        money('pool value', pool.poolValue, 'pool-value'),
        money('reserved', pool.reserved, 'reserved'),
        h('tr', { 'data-field': 'utilization' }, h('th', { text: 'utilization' }),
          h('td', { class: 'num', title: pool.utilization }, D.percent(pool.utilization), utilizationBar)),
        row('borrow rate / yr', D.percent(pool.borrowRate), pool.borrowRate, 'borrow-rate'),
        row('supply rate / yr', D.percent(pool.supplyRate), pool.supplyRate, 'supply-rate'),
        pool.fundingRate !== undefined ? row('funding / yr', D.percent(pool.fundingRate), pool.fundingRate, 'funding') : null,
        row('share price', D.format(pool.sharePrice, { places: 6 }), pool.sharePrice, 'share-price'),
        money('insurance fund', pool.insuranceFund, 'insurance-fund'),
        money('bad debt', pool.badDebt, 'bad-debt', D.sign(pool.badDebt) > 0),
        money('protocol fees', pool.protocolFees, 'protocol-fees'),
        money('open interest long', pool.longOpenInterest, 'long-open-interest'),
        money('open interest short', pool.shortOpenInterest, 'short-open-interest'),
        D.sign(interest) > 0 ? h('tr', { class: 'oi-bar' }, h('td', { colspan: 2 },
          bar([{ value: pool.longOpenInterest, class: 'long' }, { value: pool.shortOpenInterest, class: 'short' }],
            `open interest: long ${pool.longOpenInterest}, short ${pool.shortOpenInterest}`))) : null));
  }
}
