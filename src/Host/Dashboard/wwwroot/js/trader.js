// The trader's own view, after an API key is entered. The key lives in this module's memory
// only: never in storage, a cookie or the URL, and the input is cleared once it is read. Every
// money-moving form sends an Idempotency-Key; after an uncertain answer (no answer, 5xx) the
// same request is sent again with the same key, so pressing the button twice moves money once.
import { ApiProblem, every, get, newIdempotencyKey, post } from './api.js';
import { clock, h, replace } from './dom.js';
import * as D from './decimal.js';

const HISTORY_PAGE = 1000;
const HISTORY_PAGES = 5;
const POSITIONS_PAGE = 500;
const POSITIONS_PAGES = 4;

const MONEY = /^\d+(\.\d{1,6})?$/;
const LEVERAGE = /^\d+(\.\d{1,2})?$/;
const AT_RISK = '0.02';

/** One key per request: kept while the answer is uncertain, replaced once the node has decided. */
class IdempotentRequest {
  keyFor(signature) {
    if (signature !== this.signature) {
      this.signature = signature;
      this.key = newIdempotencyKey();
    }
    return this.key;
  }

  settled() {
    this.signature = null;
  }
}

function accountOf(key) {
  const parts = key.split('.');
  return parts.length === 3 && parts[0] === 'lvk' && parts[1] ? parts[1] : null;
}

function problemText(e) {
  if (!(e instanceof ApiProblem)) return String(e?.message ?? e);
  const p = e.problem;
  const fields = p.errors ? ` (${Object.entries(p.errors).map(([f, m]) => `${f}: ${[].concat(m).join(', ')}`).join('; ')})` : '';
  return `${p.title ?? `HTTP ${e.status}`}${p.detail && p.detail !== p.title ? `: ${p.detail}` : ''}${fields}`;
}

function cell(name, text, title, cls = 'num') {
  return h('td', { 'data-field': name, class: cls, title, text });
}

export class TraderPanel {
  constructor(container, markets, feed) {
    this.container = container;
    this.markets = markets;
    this.key = null;
    this.account = null;
    this.rows = new Map();
    this.build();
    markets.onMarkets((list) => this.marketOptions(list.map((m) => m.market)));
    for (const name of ['open', 'decrease', 'close', 'liquidation', 'breach'])
      feed.on(name, (e) => {
        if (this.rows.has(e.positionId)) this.refresh();
      });
  }

  build() {
    const keyInput = h('input', { type: 'password', name: 'key', autocomplete: 'off', spellcheck: 'false', placeholder: 'lvk.acct-….…', 'aria-label': 'API key' });
    this.keyForm = h('form', { class: 'key-form', onsubmit: (e) => this.connect(e, keyInput) },
      h('label', {}, 'API key ', keyInput), h('button', { type: 'submit', text: 'Show my account' }),
      h('span', { class: 'hint', text: 'kept in this page only; reloading forgets it' }));
    this.status = h('p', { class: 'trader-status', role: 'status' });
    this.heading = h('header', { class: 'account-head' });
    this.balances = h('div', { class: 'balances' });
    this.positionsBody = h('div', { class: 'position-cards' });
    this.positionsNote = h('p', { class: 'note', 'data-field': 'positions-note', hidden: true });
    this.history = h('div', { class: 'history' });
    this.marketSelect = h('select', { name: 'market', 'aria-label': 'market' });
    this.openForm = this.form('open-form', [
      h('label', {}, 'market ', this.marketSelect),
      h('label', {}, 'side ', h('select', { name: 'side', 'aria-label': 'side' }, h('option', { value: 'long', text: 'long' }), h('option', { value: 'short', text: 'short' }))),
      h('label', {}, 'collateral ', h('input', { name: 'collateral', inputmode: 'decimal', size: 10, 'aria-label': 'collateral' })),
      h('label', {}, 'leverage ', h('input', { name: 'leverage', inputmode: 'decimal', size: 5, 'aria-label': 'leverage' })),
    ], 'Open position', (f) => this.open(f));
    this.depositForm = this.form('deposit-form', [
      h('label', {}, 'amount ', h('input', { name: 'amount', inputmode: 'decimal', size: 10, 'aria-label': 'deposit amount' })),
    ], 'Deposit', (f) => this.deposit(f));
    this.view = h('div', { class: 'account', hidden: true },
      this.heading, this.balances,
      h('div', { class: 'trade-forms' }, h('h4', { text: 'Open a position' }), this.openForm, h('h4', { text: 'Deposit' }), this.depositForm),
      h('h4', { text: 'Positions' }),
      this.positionsBody,
      this.positionsNote,
      this.history);
    replace(this.container, this.keyForm, this.status, this.view);
  }

  /** A form with its own idempotent request, result line and submit button. */
  form(name, fields, label, act) {
    const result = h('output', { class: 'result' });
    const request = new IdempotentRequest();
    const element = h('form', { class: name }, ...fields, h('button', { type: 'submit', text: label }), result);
    element.addEventListener('submit', async (e) => {
      e.preventDefault();
      const button = element.querySelector('button');
      button.disabled = true;
      try {
        await act({ element, result, request, value: (n) => element.elements[n].value.trim() });
      } finally {
        button.disabled = false;
      }
    });
    return element;
  }

  /** Sends a request through its form's idempotent key and says what happened. */
  async send(form, path, body, success) {
    const key = form.request.keyFor(`${path} ${JSON.stringify(body ?? null)}`);
    form.result.className = 'result pending';
    form.result.textContent = 'sending…';
    try {
      const answer = await post(path, this.key, key, body);
      form.request.settled();
      form.result.className = 'result ok';
      form.result.textContent = success(answer.body) + (answer.replayed ? ' (the node had already done it: replayed)' : '');
      this.refresh();
      return true;
    } catch (e) {
      if (!(e instanceof ApiProblem) || !e.uncertain) form.request.settled();
      form.result.className = 'result error';
      form.result.textContent = problemText(e) + (e instanceof ApiProblem && e.uncertain ? ' — press again to retry safely' : '');
      return false;
    }
  }

  marketOptions(names) {
    const current = [...this.marketSelect.options].map((o) => o.value).join();
    if (current === names.join()) return;
    replace(this.marketSelect, names.map((n) => h('option', { value: n, text: n })));
  }

  async connect(e, input) {
    e.preventDefault();
    const key = input.value.trim();
    input.value = '';
    const account = accountOf(key);
    if (!account) {
      this.status.textContent = 'That is not an API key of this node (they look like lvk.acct-….…).';
      return;
    }
    this.key = key;
    this.account = account;
    this.rows.clear();
    replace(this.positionsBody);
    replace(this.history);
    this.status.textContent = 'Reading your account…';
    try {
      await this.load();
    } catch (error) {
      this.forget(`Could not read the account: ${problemText(error)}`);
      return;
    }
    this.status.textContent = '';
    this.view.hidden = false;
    this.poller ??= every(3000, async () => {
      if (this.key) await this.load();
    });
  }

  forget(message = 'Key forgotten.') {
    this.key = null;
    this.account = null;
    this.view.hidden = true;
    this.rows.clear();
    replace(this.positionsBody);
    replace(this.history);
    this.status.textContent = message;
  }

  refresh() {
    if (this.key) this.load().catch((e) => console.warn(e));
  }

  async load() {
    const key = this.key;
    const [account, list] = await Promise.all([get(`/accounts/${encodeURIComponent(this.account)}`, key), this.positionPages(key)]);
    if (key !== this.key) return;
    this.showAccount(account);
    this.showPositions(list.positions);
    this.positionsNote.hidden = list.next == null;
    this.positionsNote.textContent = list.next == null ? '' : `the newest ${list.positions.length} of ${list.total} positions; older ones are not shown`;
  }

  // Newest first, a page at a time as the node serves them (`next` is left out after the oldest): an account with more than POSITIONS_PAGES pages says so.
  async positionPages(key) {
    const positions = [];
    let page = { next: null, total: 0 };
    for (let n = 0; n < POSITIONS_PAGES; n++) {
      const before = n === 0 ? '' : `&before=${page.next}`;
      page = await get(`/positions?limit=${POSITIONS_PAGE}${before}`, key);
      positions.push(...page.positions);
      if (page.next == null) break;
    }
    return { positions, total: page.total, next: page.next };
  }

  showAccount(a) {
    replace(this.heading, h('h4', {}, 'Account ', h('code', { 'data-field': 'account-id', text: a.accountId })),
      h('button', { type: 'button', class: 'link', onclick: () => this.forget(), text: 'Forget key' }));
    // Balances per asset: only USD is locked for opens or sent to pools; another asset is held whole.
    const usd = { asset: 'USD', free: a.freeBalance, locked: a.lockedCollateral, inTransit: a.inTransitToPools };
    const rows = [usd, ...(a.balances ?? []).filter((b) => b.asset !== 'USD')
      .map((b) => ({ asset: b.asset, free: b.balance }))];
    const money = (name, v) => cell(name, v === undefined ? '—' : D.format(v, { places: 6 }), v);
    replace(this.balances,
      h('table', { class: 'balance-table' },
        h('thead', {}, h('tr', {}, ...['asset', 'free', 'locked for opens', 'in transit to pools'].map((t) => h('th', { text: t })))),
        h('tbody', {}, ...rows.map((b) => h('tr', { 'data-asset': b.asset },
          h('td', { text: b.asset }), money('free', b.free), money('locked', b.locked), money('in-transit', b.inTransit))))),
      h('p', { class: 'totals' }, `deposited ${D.format(a.totalDeposited)} · withdrawn ${D.format(a.totalWithdrawn)}`,
        ...(a.poolShares ?? []).map((s) => ` · ${D.format(s.shares)} ${s.market} pool shares`)));
  }

  showPositions(positions) {
    const order = { open: 0, opening: 1 };
    const sorted = [...positions].sort((x, y) => (order[x.status] ?? 2) - (order[y.status] ?? 2));
    const seen = new Set();
    for (const p of sorted) {
      seen.add(p.positionId);
      let row = this.rows.get(p.positionId);
      if (!row) {
        row = this.createRow(p.positionId);
        this.rows.set(p.positionId, row);
      }
      this.fillRow(row, p);
    }
    for (const [id, row] of this.rows)
      if (!seen.has(id)) {
        row.element.remove();
        this.rows.delete(id);
      }
    // Rows move only when the order changes: moving one would take the focus from its inputs.
    const wanted = sorted.map((p) => this.rows.get(p.positionId).element);
    if (wanted.some((element, i) => this.positionsBody.children[i] !== element)) this.positionsBody.append(...wanted);
  }

  createRow(id) {
    const cells = {};
    const facts = [['size', 'size'], ['entry', 'entry'], ['price', 'price'], ['collateral', 'collateral'], ['pnl', 'PnL'],
      ['equity', 'equity'], ['liquidation-price', 'liq. price'], ['leverage', 'leverage']];
    for (const [name] of facts) cells[name] = h('dd', { 'data-field': name, class: 'num' });
    for (const name of ['market', 'side', 'status']) cells[name] = h('span', { 'data-field': name });
    cells.health = h('div', { 'data-field': 'health', class: 'position-health' });
    const add = this.form('collateral-form', [
      h('input', { name: 'amount', inputmode: 'decimal', size: 7, placeholder: 'amount', 'aria-label': `collateral to add to ${id}` }),
    ], 'Add collateral', (f) => {
      const amount = f.value('amount');
      if (!MONEY.test(amount) || D.sign(amount) <= 0) {
        f.result.className = 'result error';
        f.result.textContent = 'a positive amount with at most 6 decimals';
        return;
      }
      return this.send(f, `/positions/${encodeURIComponent(id)}/collateral`, { amount },
        (b) => `collateral now ${D.format(b.position.collateral)}`);
    });
    const close = this.form('close-form', [], 'Close', (f) =>
      this.send(f, `/positions/${encodeURIComponent(id)}/close`, undefined,
        (b) => `closed: paid out ${D.format(b.position.realizedPayout)}`));
    const history = h('button', { type: 'button', class: 'link', text: 'history', onclick: () => this.showHistory(id) });
    const actions = h('div', { class: 'actions' }, add, close, history);
    const element = h('article', { class: 'position-card', 'data-position': id },
      h('header', {}, h('code', { class: 'position', title: id, text: id }), cells.market, cells.side, cells.status),
      h('dl', { class: 'position-facts' }, ...facts.map(([name, label]) => h('div', {}, h('dt', { text: label }), cells[name]))),
      cells.health, actions);
    return { element, cells, actions };
  }

  fillRow(row, p) {
    const c = row.cells;
    const put = (name, text, title) => {
      c[name].textContent = text;
      c[name].title = title ?? '';
    };
    c.market.textContent = p.market;
    c.side.textContent = p.side;
    c.side.className = `side ${p.side}`;
    c.status.textContent = p.status;
    c.status.className = `badge ${p.status === 'open' ? 'ok' : p.status === 'liquidated' ? 'alert' : ''}`;
    row.element.className = `position-card status-${p.status}`;
    put('size', D.format(p.quantity), p.quantity);
    put('entry', D.format(p.entryPrice), p.entryPrice);
    put('price', p.price !== undefined ? D.format(p.price) : '—', p.price);
    put('collateral', D.format(p.collateral), p.collateral);
    put('pnl', p.unrealizedPnl !== undefined ? D.format(p.unrealizedPnl, { places: 2, plus: true })
      : p.status === 'closed' || p.status === 'liquidated' ? `paid ${D.format(p.realizedPayout, { places: 2 })}` : '—',
      p.unrealizedPnl ?? p.realizedPayout);
    c.pnl.classList.toggle('down', p.unrealizedPnl !== undefined && D.sign(p.unrealizedPnl) < 0);
    c.pnl.classList.toggle('up', p.unrealizedPnl !== undefined && D.sign(p.unrealizedPnl) > 0);
    put('equity', p.equity !== undefined ? D.format(p.equity, { places: 2 }) : '—', p.equity);
    put('liquidation-price', p.liquidationPrice !== undefined ? D.format(p.liquidationPrice, { places: 2 }) : '—', p.liquidationPrice);
    put('leverage', `${D.format(p.leverage)}×`, p.leverage);
    replace(c.health, this.health(p));
    row.actions.querySelector('.collateral-form').hidden = p.status !== 'open';
    row.actions.querySelector('.close-form').hidden = p.status !== 'open';
  }

  /** The margin left above maintenance as a bar (floats for its width only), and a warning near liquidation. */
  health(p) {
    if (p.status !== 'open' || p.marginRatio === undefined || p.liquidationPrice === undefined || p.price === undefined) return [];
    const maintenance = this.markets.parameters(p.market)?.maintenanceMarginRate ?? '0.01';
    const initial = D.div('1', p.leverage, 8);
    const room = D.sub(initial, maintenance);
    const left = D.sub(p.marginRatio, maintenance);
    const share = D.sign(room) > 0 ? Math.min(Math.max(D.toPixels(left) / D.toPixels(room), 0), 1) : 0;
    const distance = D.div(D.abs(D.sub(p.price, p.liquidationPrice)), p.price, 6);
    const beyond = p.side === 'long' ? D.cmp(p.price, p.liquidationPrice) <= 0 : D.cmp(p.price, p.liquidationPrice) >= 0;
    const atRisk = beyond || D.cmp(distance, AT_RISK) < 0;
    const fill = h('span', { class: share > 0.5 ? 'good' : share > 0.2 ? 'fair' : 'bad' });
    fill.style.width = `${(share * 100).toFixed(1)}%`;
    return [
      h('div', { class: 'bar health-bar', title: `margin ratio ${p.marginRatio}; maintenance ${maintenance}` }, fill),
      h('span', { class: 'health-text', text: `margin ${D.percent(p.marginRatio, 1)} · ${beyond ? 'past' : `${D.percent(distance, 1)} to`} liquidation` }),
      atRisk ? h('span', { class: 'badge alert at-risk', 'data-warning': 'at-risk', text: '⚠ at risk' }) : null,
    ];
  }

  async showHistory(id) {
    try {
      // A page at a time, as the node serves it; a position with more than HISTORY_PAGES pages says so.
      const entries = [];
      let more = false;
      for (let page = 0; page < HISTORY_PAGES; page++) {
        const after = entries.length ? entries[entries.length - 1].sequenceNr : 0;
        const next = await get(`/positions/${encodeURIComponent(id)}/history?after=${after}&limit=${HISTORY_PAGE}`, this.key);
        entries.push(...next);
        more = next.length === HISTORY_PAGE;
        if (!more) break;
      }
      replace(this.history, h('h4', {}, 'History of ', h('code', { text: id })),
        h('ol', { class: 'history-list' }, ...entries.map((e) => {
          const ev = e.event ?? {};
          const detail = ['price', 'amount', 'fraction', 'collateral', 'quantity'].filter((f) => ev[f] !== undefined && typeof ev[f] === 'string')
            .map((f) => `${f} ${D.format(ev[f])}`).join(' · ');
          return h('li', { 'data-seq': e.sequenceNr }, h('time', { datetime: e.at, text: clock(e.at) }), ` #${e.sequenceNr} `,
            h('b', { text: e.type }), detail ? ` ${detail}` : '');
        })),
        more ? h('p', { class: 'note', text: `the first ${entries.length} events; later ones are not shown` }) : null);
    } catch (error) {
      replace(this.history, h('p', { class: 'error', text: problemText(error) }));
    }
  }

  async open(f) {
    const market = f.value('market');
    const side = f.value('side');
    const collateral = f.value('collateral');
    const leverage = f.value('leverage');
    if (!MONEY.test(collateral) || !LEVERAGE.test(leverage)) {
      f.result.className = 'result error';
      f.result.textContent = 'collateral: an amount with at most 6 decimals; leverage: at most 2 decimals';
      return;
    }
    await this.send(f, '/positions', { market, side, collateral, leverage, isolated: true },
      (b) => `opened ${b.position.positionId}: ${D.format(b.position.quantity)} ${market} ${side} at ${D.format(b.position.entryPrice)}`);
  }

  async deposit(f) {
    const amount = f.value('amount');
    if (!MONEY.test(amount) || D.sign(amount) <= 0) {
      f.result.className = 'result error';
      f.result.textContent = 'a positive amount with at most 6 decimals';
      return;
    }
    await this.send(f, `/accounts/${encodeURIComponent(this.account)}/deposits`, { amount },
      (b) => `deposited ${D.format(amount)}; free balance ${D.format(b.freeBalance)}`);
  }
}
