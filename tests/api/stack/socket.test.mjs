// The portals' FastCGI sockets: mode 0660 and the group of the
// configuration's socket_group (nginx's), so that no other local user can
// talk to a portal behind nginx's back.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CONFIG, ROOT, api, readConfig, waitFor } from '../lib.mjs';

const PORTALS = ['sdrz-main', 'sdrz-gxk', 'sdrz-zyk'];

function gidOf(group) {
  return Number(execFileSync('getent', ['group', group], { encoding: 'utf8' }).split(':')[2]);
}

test('the running portals\' sockets are 0660 and belong to socket_group', async () => {
  const group = readConfig().socket_group;
  assert.ok(group, 'the stack\'s configuration names socket_group');
  for (const name of PORTALS) {
    const st = statSync(join(ROOT, 'var', 'run', `${name}.sock`));
    assert.ok(st.isSocket(), `${name}.sock is a socket`);
    assert.equal((st.mode & 0o777).toString(8), '660', `mode of ${name}.sock`);
    assert.equal(st.gid, gidOf(group), `group of ${name}.sock`);
  }
  // nginx still reaches every portal through them.
  for (const portal of ['sdrz', 'gxk', 'zyk']) {
    assert.equal((await api(portal, '/api/v1/health')).status, 200);
  }
});

// Starts sdrz-main on a socket of its own with socket_group from the
// environment; resolves with the child and its collected output.
function startPortal(sock, group) {
  const env = { ...process.env, SDRZ_SOCKET_GROUP: group };
  const child = spawn(join(ROOT, 'build', 'fcgi', 'sdrz-main'),
    ['--config', CONFIG, '--socket', sock, '--workers', '1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { text: '', code: null };
  child.stdout.on('data', (d) => { out.text += d; });
  child.stderr.on('data', (d) => { out.text += d; });
  const exited = new Promise((r) => child.on('exit', (code) => { out.code = code; r(code); }));
  return { child, out, exited };
}

test('socket_group is applied to a new socket, and an unknown group stops the portal', async (tc) => {
  // A group this user may give a file: any as root, else one of its own.
  const own = execFileSync('id', ['-G'], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
  const other = process.getuid() === 0 ? 'nogroup'
    : execFileSync('id', ['-Gn'], { encoding: 'utf8' }).trim().split(/\s+/)[1];
  if (!other) {
    tc.skip('this user belongs to one group only');
    return;
  }
  assert.ok(process.getuid() === 0 || own.length > 1);
  const dir = mkdtempSync(join(tmpdir(), 'sdrz-sock-'));
  try {
    const sock = join(dir, 'p.sock');
    const p = startPortal(sock, other);
    try {
      await waitFor(() => existsSync(sock) || p.out.code !== null, 10_000, 'the socket');
      assert.equal(p.out.code, null, p.out.text);
      // The group is set before the socket is made visible to it.
      const st = await waitFor(() => {
        const s = statSync(sock);
        return (s.mode & 0o777) === 0o660 ? s : false;
      }, 5000, 'mode 0660');
      assert.equal(st.gid, gidOf(other), `group of the socket: ${p.out.text}`);
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
    }

    const bad = startPortal(join(dir, 'q.sock'), 'no-such-group-sdrz');
    const code = await bad.exited;
    assert.equal(code, 1, bad.out.text);
    assert.match(bad.out.text, /no-such-group-sdrz/);
    assert.ok(!existsSync(join(dir, 'q.sock')), 'no socket is left behind');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
