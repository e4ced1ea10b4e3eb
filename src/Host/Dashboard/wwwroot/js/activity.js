// The liquidation feed (breaches, partial and full liquidations, ADL, bad debt) and the trade
// tape (opens, decreases, closes), newest first, as the live feed delivers them. A liquidation is
// called full or partial when the page saw the position's size; otherwise just "liquidation".
import { clock, h } from './dom.js';
import * as D from './decimal.js';

const KEEP = 60;

function prepend(list, row) {
  list.querySelector('.empty')?.remove();
  list.prepend(row);
  while (list.children.length > KEEP) list.lastElementChild.remove();
}

function line(kind, label, at, market, ...details) {
  return h('li', { class: `event ${kind}`, 'data-kind': kind },
    h('time', { datetime: at, text: clock(at) }),
    h('span', { class: 'kind', text: label }),
    h('span', { class: 'market', text: market }),
    ...details);
}

const position = (id) => h('span', { class: 'position', title: id, text: id });
const amount = (text, exact) => h('span', { class: 'num', title: exact, text });

export class ActivityPanel {
  constructor(liquidations, trades, feed) {
    this.liquidations = liquidations;
    this.trades = trades;
    this.sizes = new Map();

    feed.on('open', (e) => {
      this.sizes.set(e.positionId, e.quantity);
      this.trade('open', `open ${e.side}`, e);
    });
    feed.on('decrease', (e) => {
      this.shrink(e.positionId, e.quantity);
      this.trade('decrease', `decrease ${e.side}`, e);
    });
    feed.on('close', (e) => {
      this.sizes.delete(e.positionId);
      this.trade('close', `close ${e.side}`, e);
    });
    feed.on('breach', (e) => prepend(this.liquidations, line('breach', `breach #${e.breach}`, e.at, e.market,
      position(e.positionId), amount(`at ${D.format(e.price)}`, e.price))));
    feed.on('liquidation', (e) => {
      const left = this.shrink(e.positionId, e.quantity);
      const label = left === undefined ? 'liquidation' : D.sign(left) > 0 ? 'partial liquidation' : 'full liquidation';
      prepend(this.liquidations, line('liquidation', label, e.at, e.market, position(e.positionId),
        amount(`${D.format(e.quantity)} ${e.side}`, e.quantity), amount(`at ${D.format(e.price)}`, e.price)));
    });
    // Auto-deleveraging is not in the node yet: shown as it comes once the feed carries it.
    feed.on('adl', (e) => prepend(this.liquidations, line('adl', 'ADL', e.at, e.market, position(e.positionId ?? ''),
      e.quantity !== undefined ? amount(D.format(e.quantity), e.quantity) : null,
      e.price !== undefined ? amount(`at ${D.format(e.price)}`, e.price) : null)));
    feed.on('bad-debt', (e) => this.badDebt(e.market, e.amount, e.at));
  }

  /** Bad debt: from the feed when it carries it, and from a pool's bad debt growing between two readings. */
  badDebt(market, increase, at = new Date().toISOString()) {
    prepend(this.liquidations, line('bad-debt', 'bad debt', at, market,
      amount(`+${D.format(increase, { places: 6 })}`, increase), h('span', { class: 'note', text: 'borne by LPs' })));
  }

  shrink(id, quantity) {
    const known = this.sizes.get(id);
    if (known === undefined) return undefined;
    const left = D.sub(known, quantity);
    if (D.sign(left) > 0) this.sizes.set(id, left);
    else this.sizes.delete(id);
    return left;
  }

  trade(kind, label, e) {
    prepend(this.trades, line(kind, label, e.at, e.market, position(e.positionId),
      amount(D.format(e.quantity), e.quantity), amount(`at ${D.format(e.price)}`, e.price)));
  }
}
