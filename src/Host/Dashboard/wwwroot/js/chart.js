// A market's live price line in SVG: one point per oracle price, halts shaded, breaches and
// liquidations marked at their prices. Labels are the exact decimals, formatted; floats are used
// only to place points on the screen.
import { clock, replace, s } from './dom.js';
import * as D from './decimal.js';

const HEIGHT = 170;
const PAD = { top: 12, right: 78, bottom: 20, left: 6 };

export class PriceChart {
  constructor(container, { maxPoints = 360, priceFormat = {} } = {}) {
    this.container = container;
    this.maxPoints = maxPoints;
    this.priceFormat = priceFormat;
    this.points = [];
    this.markers = [];
    this.halts = [];
    this.dropped = 0;
    this.pending = false;
    this.svg = s('svg', { class: 'chart', role: 'img', height: HEIGHT, 'data-ticks': 0 });
    container.append(this.svg);
    new ResizeObserver(() => this.schedule()).observe(container);
    this.schedule();
  }

  get lastIndex() {
    return this.dropped + this.points.length - 1;
  }

  addPrice(price, at) {
    this.points.push({ price, at });
    if (this.points.length > this.maxPoints) {
      this.points.shift();
      this.dropped++;
      this.markers = this.markers.filter((m) => m.index >= this.dropped);
      this.halts = this.halts.filter((h) => h.to === null || h.to >= this.dropped);
    }
    this.schedule();
  }

  /** A breach or a liquidation at its price, placed at the latest tick. */
  mark(kind, price, title) {
    if (this.points.length === 0) return;
    this.markers.push({ kind, price, title, index: this.lastIndex });
    this.schedule();
  }

  /** Called with the market's state: opens a shaded band when a halt starts, closes it when it ends. */
  setHalted(halted, title) {
    const open = this.halts.find((h) => h.to === null);
    if (halted && !open) this.halts.push({ from: Math.max(this.lastIndex, this.dropped), to: null, title });
    if (!halted && open) open.to = Math.max(this.lastIndex, open.from);
    this.schedule();
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  render() {
    const width = Math.max(this.container.clientWidth || 0, 240);
    const plotWidth = width - PAD.left - PAD.right;
    const plotHeight = HEIGHT - PAD.top - PAD.bottom;
    this.svg.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
    this.svg.setAttribute('width', width);
    this.svg.dataset.ticks = String(this.dropped + this.points.length);
    const children = [s('rect', { class: 'plot', x: PAD.left, y: PAD.top, width: plotWidth, height: plotHeight })];

    if (this.points.length === 0) {
      children.push(s('text', { class: 'empty', x: PAD.left + plotWidth / 2, y: PAD.top + plotHeight / 2, 'text-anchor': 'middle' },
        'waiting for the first price'));
      replace(this.svg, children);
      return;
    }

    let high = this.points[0].price;
    let low = high;
    for (const p of [...this.points, ...this.markers]) {
      high = D.max(high, p.price);
      low = D.min(low, p.price);
    }
    const top = D.toPixels(high);
    const bottom = D.toPixels(low);
    const span = top - bottom;
    const y = (price) => (span > 0 ? PAD.top + ((top - D.toPixels(price)) / span) * plotHeight : PAD.top + plotHeight / 2);
    const count = this.points.length;
    const x = (index) => (count === 1 ? PAD.left + plotWidth : PAD.left + ((index - this.dropped) / (count - 1)) * plotWidth);

    for (const halt of this.halts) {
      const from = x(Math.max(halt.from, this.dropped));
      const to = halt.to === null ? PAD.left + plotWidth : x(halt.to);
      children.push(s('rect', { class: 'halt', x: from, y: PAD.top, width: Math.max(to - from, 3), height: plotHeight },
        s('title', {}, halt.title ?? 'halted')));
      // A halt that starts near the right edge is labelled on its left, clear of the price labels.
      const nearEdge = from > PAD.left + plotWidth - 50;
      children.push(s('text', { class: 'halt-label', x: nearEdge ? from - 3 : from + 3, y: PAD.top + 11, 'text-anchor': nearEdge ? 'end' : 'start' }, 'halted'));
    }

    const label = (price) => D.format(price, this.priceFormat);
    const last = this.points[count - 1];
    const lastLabelY = Math.min(Math.max(y(last.price) + 4, PAD.top + 4), HEIGHT - PAD.bottom + 4);
    // The last price has its own label; an axis label it would cover is left out.
    const axis = (price, at) => [
      s('line', { class: 'grid', x1: PAD.left, x2: PAD.left + plotWidth, y1: at, y2: at }),
      Math.abs(at + 4 - lastLabelY) < 14 ? null : s('text', { class: 'axis', x: PAD.left + plotWidth + 4, y: at + 4 }, label(price)),
    ];
    children.push(...axis(high, y(high)));
    if (span > 0) children.push(...axis(low, y(low)));

    const line = this.points.map((p, i) => `${x(this.dropped + i).toFixed(1)},${y(p.price).toFixed(1)}`).join(' ');
    children.push(s('polyline', { class: 'line', points: line }));

    for (const m of this.markers) {
      children.push(s('circle', { class: `marker ${m.kind}`, cx: x(m.index), cy: y(m.price), r: m.kind === 'liquidation' ? 5 : 4 },
        s('title', {}, m.title)));
    }

    children.push(s('circle', { class: 'last-dot', cx: x(this.lastIndex), cy: y(last.price), r: 3 }));
    children.push(s('text', { class: 'last-price', x: PAD.left + plotWidth + 4, y: lastLabelY }, label(last.price)));
    children.push(s('text', { class: 'time', x: PAD.left, y: HEIGHT - 5 }, clock(this.points[0].at)));
    children.push(s('text', { class: 'time', x: PAD.left + plotWidth, y: HEIGHT - 5, 'text-anchor': 'end' }, clock(last.at)));
    replace(this.svg, children);
  }
}
