// Open positions by distance to liquidation, as bars: longs and shorts stacked, the buckets
// closer than the at-risk distance drawn in warning colours. Counts are whole numbers; the
// bucket bounds are exact decimals shown as percentages (or σ, when the node sends σ buckets).
import { replace, s } from './dom.js';
import * as D from './decimal.js';

const HEIGHT = 150;
const PAD = { top: 16, bottom: 34, side: 4 };

// Percent buckets are labelled in percent of the price without the sign, to fit narrow cards.
function bound(value, unit) {
  return unit === 'sigma' ? `${D.format(value, { places: 2 })}σ` : D.format(D.mul(value, '100'), { places: 1 });
}

export function bucketLabel(bucket, unit) {
  if (bucket.from === undefined || bucket.from === null) return unit === 'sigma' ? `<${bound(bucket.to, unit)}` : 'past';
  if (bucket.to === undefined || bucket.to === null) return `≥${bound(bucket.from, unit)}`;
  return `${bound(bucket.from, unit)}–${bound(bucket.to, unit)}`;
}

export function drawHistogram(svg, buckets, { unit = 'percent', atRiskBelow } = {}) {
  const width = Math.max(svg.parentElement?.clientWidth || 0, 220);
  svg.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
  svg.setAttribute('width', width);
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = (width - 2 * PAD.side) / Math.max(buckets.length, 1);
  const most = Math.max(1, ...buckets.map((b) => Number(b.longs) + Number(b.shorts)));
  const children = [];
  buckets.forEach((b, i) => {
    const longs = Number(b.longs);
    const shorts = Number(b.shorts);
    const x = PAD.side + i * slot + slot * 0.15;
    const w = slot * 0.7;
    const longHeight = (longs / most) * plotHeight;
    const shortHeight = (shorts / most) * plotHeight;
    const risky = b.to !== undefined && b.to !== null && atRiskBelow !== undefined && D.cmp(b.to, atRiskBelow) <= 0;
    const base = PAD.top + plotHeight;
    const title = `${bucketLabel(b, unit)}: ${longs} long, ${shorts} short, notional ${D.format(b.notional ?? '0', { places: 2 })}`;
    children.push(s('g', { class: `bucket${risky ? ' risky' : ''}`, 'data-bucket': bucketLabel(b, unit) },
      s('title', {}, title),
      s('rect', { class: 'long', x, y: base - longHeight, width: w, height: longHeight }),
      s('rect', { class: 'short', x, y: base - longHeight - shortHeight, width: w, height: shortHeight }),
      longs + shorts > 0 ? s('text', { class: 'count', x: x + w / 2, y: base - longHeight - shortHeight - 3, 'text-anchor': 'middle' }, String(longs + shorts)) : null,
      s('text', { class: 'bucket-label', x: x + w / 2, y: base + 13, 'text-anchor': 'middle' }, bucketLabel(b, unit))));
  });
  children.push(s('line', { class: 'baseline', x1: PAD.side, x2: width - PAD.side, y1: PAD.top + plotHeight, y2: PAD.top + plotHeight }));
  replace(svg, children);
}
