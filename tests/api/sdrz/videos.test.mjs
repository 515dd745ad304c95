// Videos (issue 11, item 2): the chunked, resumable upload of an MP4 by an
// admin with the courses module (a wrong offset answered with the received
// count, a resume from it), the content check (a file that is not an MP4 is
// refused with 422 and nothing of it stays), the size limit, the job
// (`sdrzctl video-transcode`: ffprobe, then ffmpeg to HLS in two
// renditions; retried tries, a file without video, two runs at once) and
// the media route: HLS through nginx's internal location to the admins of
// the video's organisation (and above) and to personnel enrolled in a class
// that holds it; refused to a visitor, to personnel without the enrolment
// and to another organisation's admin; the internal location unreachable.
//
// The videos are made here with ffmpeg (12 s of a test picture and a tone).
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CONFIG, ROOT, URLS, api, assertError, readConfig, sdrzctl, sql } from '../lib.mjs';
import { Client, rootId } from '../accounts-lib.mjs';
import { addAdmin, approvedPersonnel, createRole, orgAdd, signIn, signInAdmin, signInCity } from '../orgs-lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'sdrz-videos-'));
const conf = readConfig();

// ffmpeg makes the test files: the video of the brief, one without a
// picture (sound only), and bytes that are no video at all.
function ffmpeg(...args) {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { timeout: 60_000 });
}
const MP4 = join(dir, 'out.mp4');
const AUDIO = join(dir, 'audio.mp4');
ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine', '-t', '12',
  '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', MP4);
ffmpeg('-f', 'lavfi', '-i', 'sine', '-t', '2', '-c:a', 'aac', AUDIO);
const video = readFileSync(MP4);
const audioOnly = readFileSync(AUDIO);
// An AVI header (RIFF) and text: neither is an MP4, whatever the name says.
const notMp4 = Buffer.concat([Buffer.from('RIFF\x00\x10\x00\x00AVI LIST', 'latin1'), Buffer.alloc(10_000, 0x41)]);

const KiB = 1024;
const sha = (b) => createHash('sha256').update(b).digest('hex');

// PUT /api/v1/videos/:id/data?offset=N with the client's session.
function putChunk(client, id, offset, bytes, { type = 'application/octet-stream', portal = 'sdrz' } = {}) {
  const headers = { 'Content-Type': type };
  if (client.cookie) headers.Cookie = client.cookie;
  if (client.csrf) headers['X-CSRF-Token'] = client.csrf;
  return api(portal, `/api/v1/videos/${id}/data?offset=${offset}`, { method: 'PUT', headers, body: bytes });
}

// Uploads bytes in chunks of `chunk` bytes; returns the video's id.
async function uploadAll(client, name, bytes, chunk = 64 * KiB) {
  const res = await client.post('/api/v1/videos', { name, size: bytes.length });
  assert.equal(res.status, 201, res.text);
  for (let off = 0; off < bytes.length; off += chunk) {
    const r = await putChunk(client, res.json.id, off, bytes.subarray(off, off + chunk));
    assert.equal(r.status, 200, r.text);
  }
  return res.json.id;
}

const row = (id) => {
  const rows = sql(`SELECT status, received, upload_file, dir, tries, error FROM video WHERE id = ${id}`);
  if (rows.length === 0) return null;
  const [status, received, uploadFile, folder, tries, error] = rows[0];
  return { status, received: Number(received), uploadFile, folder, tries: Number(tries), error };
};

// The job, as a timer would run it; env adds to the environment.
function transcode(env = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return sdrzctl('video-transcode');
  } finally {
    process.env = saved;
  }
}

// GET of a media path as raw HTTP (no normalisation of "..").
function rawGet(portal, path, cookie) {
  const url = new URL(URLS[portal]);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, headers: cookie ? { Cookie: cookie } : {} },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
    req.on('error', reject);
    req.end();
  });
}

const media = (id, file) => `/api/v1/media/videos/${id}/${file}`;

let U; // the unit that owns the videos, and its super admin
let V; // another unit, and its super admin
let admin;
let other;
let city; // the city bureau (U's ancestor)'s super admin
let person; // personnel of U
let noCourses; // an admin of U whose role lacks courses
let ready; // the id of the transcoded video
let fixture; // the class, version, course, section and enrolment made by SQL

before(async () => {
  const root = rootId();
  U = orgAdd({ kind: 'unit', parent: root, name: '视频测试单位' });
  V = orgAdd({ kind: 'unit', parent: root, name: '视频测试他单位' });
  admin = await signInAdmin(U);
  other = await signInAdmin(V);
  ({ c: city } = await signInCity());
  const p = await approvedPersonnel(U.id, admin, { name: '视频学员' });
  person = { id: p.personId, c: await signIn('personnel', p.body.id_number, p.body.password, { kind: 'personnel' }) };
  const roleId = await createRole(admin, '无课程角色', ['hours']);
  const a = await addAdmin(admin, { roleId, name: '无课程管理' });
  noCourses = await signIn('unit', a.idNumber, a.password, { orgId: U.id });
});

after(() => {
  if (fixture) {
    sql(`DELETE FROM enrolment WHERE id = ${fixture.enrolment}; DELETE FROM section WHERE id = ${fixture.section};
      DELETE FROM course WHERE id = ${fixture.course};
      UPDATE course_class SET live_version = NULL WHERE id = ${fixture.class};
      DELETE FROM class_version WHERE id = ${fixture.version}; DELETE FROM course_class WHERE id = ${fixture.class}`);
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('the chunked upload', () => {
  test('chunks in order, a wrong offset answered with the received count, the resume from it', async () => {
    const res = await admin.post('/api/v1/videos', { name: '安全生产第一讲.mp4', size: video.length });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.chunk_size, 8 * 1024 * KiB);
    assert.equal(res.json.received, 0);
    const { id } = res.json;
    assert.equal(row(id).status, 'uploading');

    let r = await putChunk(admin, id, 0, video.subarray(0, 64 * KiB));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { id, received: 64 * KiB, size: video.length, status: 'uploading' });
    // The same chunk again (its answer was lost), and one from too far on.
    for (const off of [0, 100 * KiB]) {
      r = await putChunk(admin, id, off, video.subarray(off, off + 64 * KiB));
      assertError(r, 409, 'offset_mismatch');
      assert.equal(r.json.error.received, 64 * KiB, r.text);
    }
    // The page lost its place: the video's state says where to go on.
    r = await admin.get(`/api/v1/videos/${id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.received, 64 * KiB);
    assert.equal(r.json.status, 'uploading');
    let off = r.json.received;
    for (; off < video.length; off += 50 * KiB) {
      r = await putChunk(admin, id, off, video.subarray(off, off + 50 * KiB));
      assert.equal(r.status, 200, r.text);
    }
    assert.equal(r.json.status, 'queued');
    assert.equal(r.json.received, video.length);
    // What was kept is the file, byte for byte, under upload_dir.
    const st = row(id);
    assert.equal(st.status, 'queued');
    assert.match(st.uploadFile, /^video\/[0-9a-f]{32}\.mp4$/);
    assert.equal(sha(readFileSync(join(conf.upload_dir, st.uploadFile))), sha(video));
    // Complete: no more chunks.
    r = await putChunk(admin, id, video.length, Buffer.from('x'));
    assertError(r, 409, 'not_uploading');
    ready = id;
  });

  test('bad chunks: another type, empty, past the size, too large, a bad offset', async () => {
    const res = await admin.post('/api/v1/videos', { name: '分片检查', size: 9 * 1024 * KiB });
    assert.equal(res.status, 201, res.text);
    const { id } = res.json;
    let r = await putChunk(admin, id, 0, JSON.stringify({ a: 1 }), { type: 'application/json' });
    assertError(r, 415, 'unsupported_media_type');
    r = await putChunk(admin, id, 0, Buffer.alloc(0));
    assertError(r, 400, 'empty_chunk');
    r = await putChunk(admin, id, 0, Buffer.alloc(8 * 1024 * KiB + 1));
    assertError(r, 400, 'chunk_too_large');
    r = await putChunk(admin, id, 0, Buffer.alloc(11 * 1024 * KiB));
    assertError(r, 413, 'payload_too_large');
    for (const off of ['-1', 'abc', '1.5', '']) {
      r = await putChunk(admin, id, off, Buffer.alloc(10));
      assertError(r, 400, 'invalid');
    }
    const small = await admin.post('/api/v1/videos', { name: '小文件', size: 100 });
    r = await putChunk(admin, small.json.id, 0, Buffer.alloc(101));
    assertError(r, 400, 'beyond_size');
    assert.equal(row(id).received, 0);
    assert.equal(row(small.json.id).received, 0);
    for (const v of [id, small.json.id]) assert.equal((await admin.del(`/api/v1/videos/${v}`)).status, 204);
  });

  test('over the size limit (video_max_bytes, 2 GiB), or without a name: refused, nothing made', async () => {
    const [[before0]] = sql(`SELECT COUNT(*) FROM video WHERE org_id = ${U.id}`);
    let r = await admin.post('/api/v1/videos', { name: '太大的视频', size: 2 * 1024 * 1024 * 1024 + 1 });
    assertError(r, 400, 'too_large');
    assert.match(r.json.error.fields.size, /2048 MB/);
    r = await admin.post('/api/v1/videos', { size: 1000 });
    assertError(r, 400, 'invalid');
    assert.ok(r.json.error.fields.name, r.text);
    r = await admin.post('/api/v1/videos', { name: '零字节', size: 0 });
    assertError(r, 400, 'invalid');
    assert.ok(r.json.error.fields.size, r.text);
    const [[after0]] = sql(`SELECT COUNT(*) FROM video WHERE org_id = ${U.id}`);
    assert.equal(after0, before0);
  });

  test('a file that is not an MP4 is refused by its content: 422, marked failed, nothing left', async () => {
    const res = await admin.post('/api/v1/videos', { name: '伪装成视频.mp4', size: notMp4.length });
    const { id } = res.json;
    const file = join(conf.upload_dir, row(id).uploadFile);
    assert.ok(existsSync(file));
    // The head is in the first chunk: refused at once.
    let r = await putChunk(admin, id, 0, notMp4.subarray(0, 8 * KiB));
    assertError(r, 422, 'not_mp4');
    assert.match(r.json.error.message, /不是 MP4/);
    const st = row(id);
    assert.equal(st.status, 'failed');
    assert.match(st.error, /不是 MP4/);
    assert.equal(st.uploadFile, 'NULL');
    assert.ok(!existsSync(file), 'the upload is removed');
    r = await putChunk(admin, id, 8 * KiB, notMp4.subarray(8 * KiB));
    assertError(r, 409, 'not_uploading');
    r = await admin.get(`/api/v1/videos/${id}`);
    assert.equal(r.json.status, 'failed');
    assert.match(r.json.error, /不是 MP4/);
    // A small one, whole in its only chunk; and the MP4's own bytes cut
    // after the box's first half.
    for (const bytes of [Buffer.from('just some text, renamed to .mp4'), video.subarray(0, 20)]) {
      const s = await admin.post('/api/v1/videos', { name: '短文件.mp4', size: bytes.length });
      r = await putChunk(admin, s.json.id, 0, bytes);
      assertError(r, 422, 'not_mp4');
      assert.equal(row(s.json.id).status, 'failed');
    }
    // A failed video is deleted like any other.
    assert.equal((await admin.del(`/api/v1/videos/${id}`)).status, 204);
    assert.equal(row(id), null);
  });
});

describe('the job and the media route', () => {
  let folder;

  test('sdrzctl video-transcode makes HLS: ready, ~12 s, two renditions, the upload removed', (tc) => {
    const upload = join(conf.upload_dir, row(ready).uploadFile);
    const t0 = Date.now();
    const r = transcode();
    const ms = Date.now() - t0;
    tc.diagnostic(`video-transcode took ${ms} ms: ${r.stdout.trim()}`);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, new RegExp(`video ${ready}: ready`));
    const st = row(ready);
    assert.equal(st.status, 'ready');
    assert.equal(st.tries, 1);
    assert.equal(st.uploadFile, 'NULL');
    assert.ok(!existsSync(upload), 'the upload is removed');
    assert.match(st.folder, /^videos\/[0-9a-f]{32}$/);
    folder = st.folder;
    assert.ok(statSync(join(conf.media_dir, folder, 'master.m3u8')).size > 0);
    // Nothing else waits: a second run finds nothing.
    assert.match(transcode().stdout, /ready 0, retried 0, failed 0/);
  });

  test('the video\'s state: duration, size, renditions, segment length, the playlist\'s address', async () => {
    const r = await admin.get(`/api/v1/videos/${ready}`);
    assert.equal(r.status, 200, r.text);
    const v = r.json;
    assert.equal(v.status, 'ready');
    assert.ok(Math.abs(v.duration_ms - 12000) < 300, `duration ${v.duration_ms}`);
    assert.equal(v.width, 640);
    assert.equal(v.height, 360);
    assert.equal(v.segment_seconds, 10);
    assert.deepEqual(v.renditions.map((x) => [x.name, x.height, x.width]), [['240p', 240, 426], ['360p', 360, 640]]);
    assert.ok(v.renditions.every((x) => x.bandwidth > 0));
    assert.equal(v.master, `/api/v1/media/videos/${ready}/master.m3u8`);
    assert.equal(v.error, null);
    assert.equal(v.sections, 0);
    const list = await admin.get('/api/v1/videos?status=ready');
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(Object.keys(list.json).sort(), ['items', 'page', 'size', 'total']);
    assert.deepEqual(list.json.items.map((x) => x.id), [ready]);
    const named = await admin.get(`/api/v1/videos?name=${encodeURIComponent('安全生产')}`);
    assert.deepEqual(named.json.items.map((x) => x.id), [ready]);
    assertError(await admin.get('/api/v1/videos?status=done'), 400, 'invalid');
  });

  test('the admin plays it through nginx: the master playlist, a rendition, a segment; on every portal', async () => {
    for (const portal of ['sdrz', 'gxk', 'zyk']) {
      const c = admin.on(portal);
      let r = await c.get(media(ready, 'master.m3u8'));
      assert.equal(r.status, 200, `${portal}: ${r.text}`);
      assert.equal(r.headers.get('content-type'), 'application/vnd.apple.mpegurl');
      assert.equal(r.headers.get('cache-control'), 'private, no-cache');
      assert.match(r.text, /^#EXTM3U/);
      assert.match(r.text, /^240p\/index\.m3u8$/m);
      assert.match(r.text, /^360p\/index\.m3u8$/m);
      r = await c.get(media(ready, '360p/index.m3u8'));
      assert.equal(r.status, 200, r.text);
      assert.match(r.text, /#EXT-X-PLAYLIST-TYPE:VOD/);
      assert.match(r.text, /#EXT-X-TARGETDURATION:10/);
      assert.match(r.text, /#EXTINF:10\.0+,\nseg00000\.ts/);
      assert.match(r.text, /#EXT-X-ENDLIST/);
      const seg = await fetch(URLS[portal] + media(ready, '360p/seg00000.ts'), { headers: { Cookie: admin.cookie } });
      assert.equal(seg.status, 200);
      assert.equal(seg.headers.get('content-type'), 'video/mp2t');
      assert.equal(seg.headers.get('cache-control'), 'private, max-age=86400');
      const bytes = Buffer.from(await seg.arrayBuffer());
      assert.ok(bytes.length > 10_000 && bytes[0] === 0x47 && bytes[188] === 0x47, 'MPEG-TS packets');
    }
  });

  test('refused: a visitor (401), personnel without an enrolment, another organisation\'s admin, an admin without courses (404)', async () => {
    for (const file of ['master.m3u8', '360p/index.m3u8', '360p/seg00000.ts']) {
      assertError(await new Client().get(media(ready, file)), 401, 'not_signed_in');
      for (const c of [person.c, person.c.on('gxk'), other, other.on('gxk'), noCourses]) {
        assertError(await c.get(media(ready, file)), 404, 'not_found');
      }
    }
    // Another organisation's admin does not see or touch the video itself.
    assertError(await other.get(`/api/v1/videos/${ready}`), 404, 'not_found');
    assertError(await putChunk(other, ready, 0, Buffer.from('x')), 404, 'not_found');
    assertError(await other.del(`/api/v1/videos/${ready}`), 404, 'not_found');
    const list = await other.get('/api/v1/videos?size=100');
    assert.equal(list.status, 200, list.text);
    assert.ok(!list.json.items.some((x) => x.id === ready), 'not in the other organisation\'s list');
    // Without the courses module, none of the video routes.
    assertError(await noCourses.get('/api/v1/videos'), 403, 'module_forbidden');
    assertError(await noCourses.get(`/api/v1/videos/${ready}`), 403, 'module_forbidden');
    assertError(await person.c.get('/api/v1/videos'), 403, 'admin_required');
    assert.equal(row(ready).status, 'ready');
  });

  test('only the names the job writes; the internal location is not reachable directly', async () => {
    for (const file of ['index.m3u8', 'seg00000.ts', 'out.mp4', '360p/master.m3u8', '360p/seg1.ts', '360p/x.ts',
      '0360p/index.m3u8', '..%2F..%2Fsdrz.conf', '360p/..%2Fmaster.m3u8', '..%2f360p/index.m3u8']) {
      assertError(await admin.get(media(ready, file)), 404, 'not_found');
    }
    for (const path of [`/api/v1/media/videos/${ready}/360p/../master.m3u8`,
      `/api/v1/media/videos/${ready}/../../../../etc/passwd`, `/api/v1/media/videos/${ready}/./master.m3u8`]) {
      assert.equal(await rawGet('sdrz', path, admin.cookie), 404, path);
    }
    for (const portal of ['sdrz', 'gxk', 'zyk']) {
      for (const path of [`/media/${folder}/master.m3u8`, `/media/${folder}/360p/seg00000.ts`, '/media/videos/']) {
        const r = await api(portal, path, { headers: { Cookie: admin.cookie } });
        assert.equal(r.status, 404, `${portal} ${path}: ${r.status}`);
        assert.doesNotMatch(r.text, /#EXTM3U/);
      }
    }
  });

  test('personnel enrolled in a class holding the video may watch; an ancestor\'s admin with courses too', async () => {
    const rows = sql(`INSERT INTO course_class (org_id, category, year, status, created_by)
        VALUES (${U.id}, 'public', 2001, 'draft', ${U.adminPersonId}); SET @c = LAST_INSERT_ID();
      INSERT INTO class_version (class_id, version_no, name, hours) VALUES (@c, 1, '视频测试班', 1.0);
      SET @v = LAST_INSERT_ID(); UPDATE course_class SET live_version = @v WHERE id = @c;
      INSERT INTO course (version_id, name) VALUES (@v, '视频测试课程'); SET @k = LAST_INSERT_ID();
      INSERT INTO section (course_id, version_id, name, video_id) VALUES (@k, @v, '第一节', ${ready});
      SET @s = LAST_INSERT_ID();
      INSERT INTO enrolment (person_id, class_id, version_id, year, category, org_id)
        VALUES (${person.id}, @c, @v, 2001, 'public', ${U.id});
      SELECT @c, @v, @k, @s, LAST_INSERT_ID()`);
    const [c, v, k, s, e] = rows[0].map(Number);
    fixture = { class: c, version: v, course: k, section: s, enrolment: e };
    for (const client of [person.c, person.c.on('gxk'), city, city.on('zyk')]) {
      const r = await client.get(media(ready, 'master.m3u8'));
      assert.equal(r.status, 200, r.text);
      const seg = await client.get(media(ready, '240p/seg00001.ts'));
      assert.equal(seg.status, 200);
    }
    // The other unit's admin still not; the city bureau manages only its own.
    assertError(await other.get(media(ready, 'master.m3u8')), 404, 'not_found');
    assertError(await city.get(`/api/v1/videos/${ready}`), 404, 'not_found');
  });

  test('a video a section uses is not deleted (409 video_in_use); once free it goes with its files', async () => {
    let r = await admin.get(`/api/v1/videos/${ready}`);
    assert.equal(r.json.sections, 1);
    r = await admin.del(`/api/v1/videos/${ready}`);
    assertError(r, 409, 'video_in_use');
    assert.equal(row(ready).status, 'ready');
    sql(`UPDATE section SET video_id = NULL WHERE id = ${fixture.section}`);
    r = await admin.del(`/api/v1/videos/${ready}`);
    assert.equal(r.status, 204, r.text);
    assert.equal(row(ready), null);
    assert.ok(!existsSync(join(conf.media_dir, folder)), 'its HLS folder is removed');
    assertError(await admin.get(media(ready, 'master.m3u8')), 404, 'not_found');
    const [[audit]] = sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'video.delete' AND subject_id = ${ready}`);
    assert.equal(audit, '1');
  });
});

describe('the job\'s failures', () => {
  test('a failing ffmpeg is tried three times, then given up with the error recorded', async () => {
    const id = await uploadAll(admin, '转码失败测试', video, 128 * KiB);
    const upload = join(conf.upload_dir, row(id).uploadFile);
    // false(1): runs, writes nothing, exits 1.
    const env = { SDRZ_FFMPEG_PATH: '/bin/false' };
    for (const tries of [1, 2]) {
      const r = transcode(env);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`video ${id}: try ${tries} failed`));
      const st = row(id);
      assert.deepEqual([st.status, st.tries], ['queued', tries]);
      assert.match(st.error, /转码失败/);
      assert.ok(existsSync(upload), 'kept for the next try');
    }
    const r = transcode(env);
    assert.equal(r.status, 1, 'a video failed');
    const st = row(id);
    assert.deepEqual([st.status, st.tries], ['failed', 3]);
    assert.match(st.error, /已尝试 3 次/);
    assert.ok(!existsSync(upload), 'nothing left behind');
    assert.equal(readdirMedia().some((n) => n.startsWith('.tmp-')), false, 'no half-made folder');
    const v = await admin.get(`/api/v1/videos/${id}`);
    assert.equal(v.json.status, 'failed');
    assert.equal(v.json.tries, 3);
    assert.equal((await admin.del(`/api/v1/videos/${id}`)).status, 204);
  });

  test('an MP4 without a picture fails at once', async () => {
    const id = await uploadAll(admin, '只有声音.mp4', audioOnly);
    const r = transcode();
    assert.equal(r.status, 1);
    const st = row(id);
    assert.deepEqual([st.status, st.tries], ['failed', 1]);
    assert.match(st.error, /没有视频画面/);
    assert.equal(st.uploadFile, 'NULL');
  });

  test('two runs at once never take the same video', async (tc) => {
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push(await uploadAll(admin, `并发转码${i}`, video, 256 * KiB));
    const run = () => new Promise((resolve) => {
      execFile(join(ROOT, 'build', 'fcgi', 'sdrzctl'), ['--config', CONFIG, 'video-transcode'],
        { timeout: 120_000 }, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr }));
    });
    const outs = await Promise.all([run(), run()]);
    for (const o of outs) assert.equal(o.code, 0, o.stderr);
    const done = outs.map((o) => [...o.stdout.matchAll(/^video (\d+): ready/gm)].map((m) => Number(m[1])));
    tc.diagnostic(`first run: ${done[0].join(', ') || '-'}; second run: ${done[1].join(', ') || '-'}`);
    assert.deepEqual([...done[0], ...done[1]].sort((a, b) => a - b), ids, 'each video exactly once');
    for (const id of ids) {
      assert.equal(row(id).status, 'ready');
      assert.equal(row(id).tries, 1);
    }
  });
});

function readdirMedia() {
  const base = join(conf.media_dir, 'videos');
  return existsSync(base) ? readdirSync(base) : [];
}

// The access statement of every playlist and segment, read from the
// library's source, EXPLAINed: each table by a key, none read whole.
test('the access check of the media route reads by keys only', () => {
  const src = readFileSync(join(ROOT, 'fcgi', 'lib', 'video.c'), 'utf8');
  const m = src.match(/static const char SQL_MAY_WATCH\[\] =([\s\S]*?);\n/);
  assert.ok(m, 'SQL_MAY_WATCH in video.c');
  const query = [...m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]).join('');
  assert.equal((query.match(/\?/g) ?? []).length, 5);
  const [[vid]] = sql("SELECT COALESCE(MAX(id), 1) FROM video WHERE status = 'ready'");
  const q = query.replace(/'/g, "''");
  // video, person, video, the admin's organisation, person
  const plan = sql(`SET @a = ${vid}, @b = ${person.id}, @c = ${U.id}, @d = ${U.adminPersonId};
    PREPARE s FROM 'EXPLAIN ${q}'; EXECUTE s USING @a, @b, @a, @c, @d;`)
    .map(([id, selectType, table, type, possibleKeys, key]) => ({ id, selectType, table, type, key }));
  const tables = new Set(plan.map((p) => p.table));
  for (const t of ['v', 's', 'e', 'a', 'ao', 'vo', 'm']) assert.ok(tables.has(t), `${t} in ${JSON.stringify(plan)}`);
  for (const p of plan) {
    assert.notEqual(p.type, 'ALL', `a full scan: ${JSON.stringify(p)}`);
    assert.notEqual(p.type, 'index', `a full index scan: ${JSON.stringify(p)}`);
    assert.notEqual(p.key, 'NULL', `no key: ${JSON.stringify(p)}`);
  }
});
