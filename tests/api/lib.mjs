// Shared helpers of the API tests: they drive the running stack (./dev up,
// or the one ./dev test starts) through nginx, like a browser would.
//
// Environment: SDRZ_URL_SDRZ, SDRZ_URL_GXK, SDRZ_URL_ZYK (the portals' base
// URLs), SDRZ_ROOT (the checkout), SDRZ_CONFIG (the stack's configuration;
// default: the one the running stack was started with).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = process.env.SDRZ_ROOT
  ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const PORTALS = ['sdrz', 'gxk', 'zyk'];

export const URLS = {
  sdrz: process.env.SDRZ_URL_SDRZ ?? 'http://127.0.0.1:8080',
  gxk: process.env.SDRZ_URL_GXK ?? 'http://127.0.0.1:8081',
  zyk: process.env.SDRZ_URL_ZYK ?? 'http://127.0.0.1:8082',
};

// The process name of each portal's master (its PID file in var/pids/).
export const PROCESS = { sdrz: 'sdrz-main', gxk: 'sdrz-gxk', zyk: 'sdrz-zyk' };

function stackConfig() {
  if (process.env.SDRZ_CONFIG) return process.env.SDRZ_CONFIG;
  const marker = join(ROOT, 'var', 'run', 'stack-config');
  if (existsSync(marker)) return readFileSync(marker, 'utf8').trim();
  return join(ROOT, 'var', 'sdrz.conf');
}

export const CONFIG = stackConfig();

// readConfig(): the stack's `key = value` configuration as an object.
export function readConfig(path = CONFIG) {
  const conf = {};
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    conf[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return conf;
}

// api(portal, path, init): fetch through nginx; the answer's body is read
// and parsed (json is null when the body is not JSON).
//
// init.from: the local address to connect from (say '127.0.0.2': the whole
// of 127.0.0.0/8 is this machine), so that nginx sees another client
// address (REMOTE_ADDR) than the usual 127.0.0.1.
export async function api(portal, path, init = {}) {
  if (init.from) return apiFrom(init.from, URLS[portal] + path, init);
  const res = await fetch(URLS[portal] + path, {
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
    ...init,
  });
  const text = await res.text();
  let json = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

// The same as api() over node:http, which can choose the local address.
function apiFrom(localAddress, url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolvePromise, reject) => {
    const req = http.request(url, { method, headers, localAddress, timeout: 10_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try {
          json = text === '' ? null : JSON.parse(text);
        } catch {
          json = null;
        }
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) h.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolvePromise({ status: res.statusCode, headers: h, text, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const CJK = /[\u4e00-\u9fff]/;

// assertError(res, status, code): the answer is the platform's error shape
// {"error":{"code","message"}} with that status and a Chinese message.
export function assertError(res, status, code) {
  assert.equal(res.status, status, `status of ${res.text}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.ok(res.json && typeof res.json.error === 'object', `error shape: ${res.text}`);
  assert.deepEqual(Object.keys(res.json).sort(), ['error']);
  assert.equal(res.json.error.code, code);
  assert.equal(typeof res.json.error.message, 'string');
  assert.match(res.json.error.message, CJK, `a Chinese message: ${res.json.error.message}`);
}

export function assertChinese(s, what) {
  assert.equal(typeof s, 'string', what);
  assert.match(s, CJK, `${what} in Chinese: ${s}`);
}

// dev(...args): run ./dev synchronously; throws with its output on failure.
export function dev(...args) {
  return execFileSync(join(ROOT, 'dev'), args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
}

// sdrzctl(...args): the admin tool with the stack's configuration.
// Returns { status, stdout, stderr }.
export function sdrzctl(...args) {
  try {
    const stdout = execFileSync(join(ROOT, 'build', 'fcgi', 'sdrzctl'),
      ['--config', CONFIG, ...args],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    if (e.status == null) throw e;
    return { status: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

// sql(query): one query with the stack's database login; rows of
// tab-separated columns, as the mariadb client prints them in batch mode.
export function sql(query) {
  const conf = readConfig();
  const out = execFileSync('mariadb', [
    '--no-defaults', `--socket=${conf.db_socket}`, `--user=${conf.db_user}`,
    '--batch', '--skip-column-names',
    // The portals' sessions use db_time_zone; so must ours, or NOW() and
    // the stored times disagree.
    '-e', `SET time_zone = '${conf.db_time_zone ?? '+08:00'}'; ${query}`, conf.db_name,
  ], {
    encoding: 'utf8',
    env: { ...process.env, MYSQL_PWD: conf.db_password },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

// masterPid(portal): the PID ./dev recorded for that portal's master.
export function masterPid(portal) {
  const pid = Number(readFileSync(join(ROOT, 'var', 'pids', `${PROCESS[portal]}.pid`), 'utf8').trim());
  assert.ok(Number.isInteger(pid) && pid > 1, `pid of ${portal}`);
  return pid;
}

// children(pid): PIDs of pid's live child processes (the workers), sorted.
export function children(pid) {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  } catch (e) {
    if (e.status !== 1) throw e; // 1: no child
  }
  return out.split('\n').filter(Boolean).map(Number)
    .filter((p) => !isZombie(p)).sort((a, b) => a - b);
}

function isZombie(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true; // gone
  }
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !isZombie(pid);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// waitFor(fn, ms, what): poll fn until it returns a truthy value; its last
// value (or exception) is in the failure message.
export async function waitFor(fn, ms, what) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) {
      assert.fail(`${what}: not within ${ms} ms (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await sleep(100);
  }
}
