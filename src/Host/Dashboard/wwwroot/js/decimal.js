// Exact decimal arithmetic on the strings the node sends ("1960", "997.5", "0.0400000000").
// A value is a BigInt coefficient and a count of decimal places; nothing here ever becomes a
// binary float. Formatting rounds half away from zero, for people; the exact text stays available.

const PATTERN = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function parse(text) {
  if (typeof text === 'bigint') return { coef: text, scale: 0 };
  const m = PATTERN.exec(String(text).trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not a decimal: ${text}`);
  const fraction = m[3] ?? '';
  let coef = BigInt((m[2] || '0') + fraction);
  let scale = fraction.length - Number(m[4] ?? 0);
  if (scale < 0) {
    coef *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { coef: m[1] === '-' ? -coef : coef, scale };
}

function scaled(d, scale) {
  return d.coef * 10n ** BigInt(scale - d.scale);
}

function text(d) {
  const negative = d.coef < 0n;
  let digits = (negative ? -d.coef : d.coef).toString();
  if (d.scale > 0) {
    digits = digits.padStart(d.scale + 1, '0');
    const whole = digits.slice(0, digits.length - d.scale);
    const fraction = digits.slice(digits.length - d.scale).replace(/0+$/, '');
    digits = fraction ? `${whole}.${fraction}` : whole;
  }
  return negative && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

function binary(a, b) {
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.scale, y.scale);
  return { x: scaled(x, scale), y: scaled(y, scale), scale };
}

/** The canonical text of a decimal: no exponent, no trailing zeros ("2000.50" → "2000.5"). */
export function normalize(a) {
  return text(parse(a));
}

export function add(a, b) {
  const { x, y, scale } = binary(a, b);
  return text({ coef: x + y, scale });
}

export function sub(a, b) {
  const { x, y, scale } = binary(a, b);
  return text({ coef: x - y, scale });
}

export function mul(a, b) {
  const x = parse(a);
  const y = parse(b);
  return text({ coef: x.coef * y.coef, scale: x.scale + y.scale });
}

/** a / b rounded half away from zero to `places` decimal places. */
export function div(a, b, places = 12) {
  const x = parse(a);
  const y = parse(b);
  if (y.coef === 0n) throw new RangeError('division by zero');
  // (x.coef / 10^xs) / (y.coef / 10^ys) = x.coef * 10^(ys - xs) / y.coef; one extra digit to round.
  const shift = places + 1 + y.scale - x.scale;
  let numerator = x.coef;
  let denominator = y.coef;
  if (shift >= 0) numerator *= 10n ** BigInt(shift);
  else denominator *= 10n ** BigInt(-shift);
  return text(roundCoef({ coef: numerator / denominator, scale: places + 1 }, places));
}

export function cmp(a, b) {
  const { x, y } = binary(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function sign(a) {
  const c = parse(a).coef;
  return c < 0n ? -1 : c > 0n ? 1 : 0;
}

export function abs(a) {
  const d = parse(a);
  return text({ coef: d.coef < 0n ? -d.coef : d.coef, scale: d.scale });
}

export function min(a, b) {
  return cmp(a, b) <= 0 ? a : b;
}

export function max(a, b) {
  return cmp(a, b) >= 0 ? a : b;
}

function roundCoef(d, places) {
  if (d.scale <= places) return d;
  const unit = 10n ** BigInt(d.scale - places);
  const negative = d.coef < 0n;
  const magnitude = negative ? -d.coef : d.coef;
  let q = magnitude / unit;
  if ((magnitude % unit) * 2n >= unit) q += 1n;
  return { coef: negative ? -q : q, scale: places };
}

/** Rounded half away from zero to at most `places` decimal places. */
export function round(a, places) {
  return text(roundCoef(parse(a), places));
}

/**
 * For people: thousands grouped with commas, at most `places` decimals (rounded half away from
 * zero), at least `minPlaces`, trailing zeros beyond those dropped. `plus` shows a + on gains.
 */
export function format(a, { places = 6, minPlaces = 0, plus = false } = {}) {
  const rounded = round(a, places);
  const negative = rounded.startsWith('-');
  const [whole, fraction = ''] = (negative ? rounded.slice(1) : rounded).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const decimals = fraction.padEnd(minPlaces, '0');
  const body = decimals ? `${grouped}.${decimals}` : grouped;
  return negative ? `-${body}` : plus && rounded !== '0' ? `+${body}` : body;
}

/** A fraction as a percentage: "0.04" → "4.00%". Shifting the point is exact. */
export function percent(a, places = 2) {
  const d = parse(a);
  const hundred = text({ coef: d.coef * 100n, scale: d.scale });
  return `${format(hundred, { places, minPlaces: places })}%`;
}

/**
 * A value as a float, for pixel positions only (a bar's width, a chart's y): never for what is
 * shown or added up.
 */
export function toPixels(a) {
  return Number(normalize(a));
}
