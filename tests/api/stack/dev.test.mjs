// ./dev build on a checkout whose front end has no node_modules yet (a
// fresh clone): it must install the packages it needs rather than fail with
// "vite: not found". The checkout here is a small copy: the real ./dev, a
// configure script that only writes an empty Makefile, and a www/ whose
// build tool is a local package (so npm ci runs offline in a second) that
// is only on the PATH of `npm run build` once npm ci has installed it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, after } from 'node:test';
import { ROOT } from '../lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'sdrz-dev-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(path, text, mode) {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
  if (mode) chmodSync(join(dir, path), mode);
}

test('./dev build installs the front end\'s packages on a fresh checkout, then builds it', () => {
  copyFileSync(join(ROOT, 'dev'), join(dir, 'dev'));
  chmodSync(join(dir, 'dev'), 0o755);
  write('configure.ac', 'AC_INIT([t], [0])\n');
  write('Makefile.am', '\n');
  // Newer than configure.ac, so ./dev does not run autoreconf.
  write('configure', '#!/bin/sh\nprintf "all:\\n\\t@true\\n" > Makefile\n: > config.status\n', 0o755);
  write('www/tool/package.json', JSON.stringify({ name: 'sdrz-fake-build', version: '1.0.0', bin: { 'sdrz-fake-build': 'bin.js' } }));
  write('www/tool/bin.js', '#!/usr/bin/env node\nconst fs = require("fs");\n' +
    'fs.mkdirSync("dist/sdrz", { recursive: true });\nfs.writeFileSync("dist/sdrz/index.html", "built");\n', 0o755);
  write('www/package.json', JSON.stringify({
    name: 'www', version: '1.0.0', private: true,
    scripts: { build: 'sdrz-fake-build' },
    dependencies: { 'sdrz-fake-build': 'file:tool' },
  }));
  // The lock file as npm writes it for that one local dependency.
  const lock = spawnSync('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund', '--offline'],
    { cwd: join(dir, 'www'), encoding: 'utf8' });
  assert.equal(lock.status, 0, lock.stderr);
  assert.ok(!existsSync(join(dir, 'www', 'node_modules')), 'a fresh checkout has no node_modules');

  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('SDRZ_')) delete env[k];
  const r = spawnSync(join(dir, 'dev'), ['build'], { cwd: dir, env, encoding: 'utf8' });
  assert.equal(r.status, 0, `./dev build: ${r.stdout}\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /not found/);
  assert.match(r.stdout, /npm ci in www/);
  assert.equal(readFileSync(join(dir, 'www', 'dist', 'sdrz', 'index.html'), 'utf8'), 'built');
});
