// The dashboard: one live feed shared by every panel, and each panel polling the public API for
// what the feed does not carry. Nothing here talks to anything but this node.
import { ActivityPanel } from './activity.js';
import { ClusterPanel } from './cluster.js';
import { Feed } from './feed.js';
import { MarketsPanel } from './markets.js';
import { PoolsPanel } from './pools.js';
import { RiskPanel } from './risk.js';
import { TraderPanel } from './trader.js';

const $ = (id) => document.getElementById(id);

const feed = new Feed('/stream');
const markets = new MarketsPanel($('market-cards'), feed);
const names = () => [...markets.views.keys()];
const pools = new PoolsPanel($('pool-cards'), markets);
const risk = new RiskPanel($('risk-cards'));
const activity = new ActivityPanel($('liquidation-feed'), $('trade-tape'), feed);
new ClusterPanel($('cluster-body'), feed, risk).start();
new TraderPanel($('trader-body'), markets, feed);

pools.onBadDebt((market, increase) => activity.badDebt(market, increase));
let started = false;
markets.onMarkets(() => {
  if (started) return;
  started = true;
  pools.start(names);
  risk.start(names);
});
// Positions opened, closed or liquidated change pools and risk at once: look again soon.
let soon = null;
feed.on('*', (_, name) => {
  if (name === 'price' || name === 'ready' || soon) return;
  soon = setTimeout(() => {
    soon = null;
    pools.refresh();
    risk.refresh();
  }, 300);
});

const feedState = $('feed-state');
feed.onState((state) => {
  feedState.textContent = state === 'live' ? 'live' : state;
  feedState.className = `badge ${state === 'live' ? 'ok' : 'warn'}`;
  feedState.dataset.state = state;
});
feed.start();
markets.start();
