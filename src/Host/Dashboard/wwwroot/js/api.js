// The node's HTTP API, same origin only (relative paths; the page's Content-Security-Policy
// refuses anything else). Answers are read with exact numbers; problems (RFC 7807) are thrown
// as ApiProblem so a form can show the node's own words.
import { parseExact } from './exact-json.js';

export class ApiProblem extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** The request may have taken effect: retry with the same Idempotency-Key. */
  get uncertain() {
    return this.status === 0 || this.status >= 500;
  }
}

async function read(response) {
  const body = await response.text();
  let parsed = null;
  if (body) {
    try {
      parsed = parseExact(body);
    } catch {
      parsed = { detail: body.slice(0, 200) };
    }
  }
  if (!response.ok) throw new ApiProblem(response.status, parsed);
  return parsed;
}

/** GET a public path, or an account's with its key. */
export async function get(path, key) {
  let response;
  try {
    response = await fetch(path, { headers: key ? { Authorization: `Bearer ${key}` } : {}, cache: 'no-store' });
  } catch (e) {
    throw new ApiProblem(0, { title: 'The node did not answer', detail: String(e.message ?? e) });
  }
  return read(response);
}

/**
 * POST a money-moving request with its Idempotency-Key. Amounts go as strings of digits, so the
 * body never holds a float either.
 */
export async function post(path, key, idempotencyKey, body) {
  const headers = { Authorization: `Bearer ${key}`, 'Idempotency-Key': idempotencyKey };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    throw new ApiProblem(0, { title: 'No answer from the node', detail: 'The request may have gone through; send it again to retry it safely.' });
  }
  return { replayed: response.headers.get('Idempotent-Replayed') === 'true', body: await read(response) };
}

/** 32 random hex digits; crypto.getRandomValues works on plain http too, unlike randomUUID. */
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `dash-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Calls `task` now and then every `ms` after each call ends, so slow answers never pile up. */
export function every(ms, task) {
  let timer = null;
  const run = async () => {
    clearTimeout(timer);
    try {
      await task();
    } catch (e) {
      console.warn(e);
    }
    timer = setTimeout(run, ms);
  };
  run();
  return { now: run };
}
