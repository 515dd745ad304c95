// Uploads (POST /api/v1/attachments) are judged by their whole structure,
// not their first bytes: an image's size from its header, a complete file,
// pixel data no larger than the header declares, a PDF's header and
// trailer, no PDF that is also a web page. Each refusal is 400 bad_file
// with a stable reason and a Chinese message, and stores nothing.
import assert from 'node:assert/strict';
import { deflateSync, crc32 } from 'node:zlib';
import { test, describe, before } from 'node:test';
import { assertError, sql } from '../lib.mjs';
import { rootId } from '../accounts-lib.mjs';
import { orgAdd, signIn, signInAdmin, approvedPersonnel, upload } from '../orgs-lib.mjs';

function chunk(type, data = Buffer.alloc(0)) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

// A PNG of w x h RGB, 8 bits, whose IDAT inflates to `raw` bytes.
function png(w, h, raw) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(raw), { level: 9 })), chunk('IEND'),
  ]);
}

// A PDF with `head` after its header line, an xref table and a trailer.
function pdf(head = '') {
  let out = `%PDF-1.4\n${head}1 0 obj\n<< /Type /Catalog >>\nendobj\n`;
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('uploads are checked to the end of the file', () => {
  let person;
  before(async () => {
    const unit = orgAdd({ kind: 'unit', parent: rootId(), name: '上传检查单位' });
    const p = await approvedPersonnel(unit.id, await signInAdmin(unit));
    person = { id: p.personId, client: await signIn('personnel', p.body.id_number, p.body.password, { kind: 'personnel' }) };
  });

  const stored = () => Number(sql(`SELECT COUNT(*) FROM attachment WHERE person_id = ${person.id}`)[0][0]);

  async function refused(bytes, name, reason) {
    const before = stored();
    const res = await upload(person.client, { name, bytes, type: 'application/octet-stream' });
    assertError(res, 400, 'bad_file');
    assert.equal(res.json.error.reason, reason, `${name}: ${res.text}`);
    assert.equal(stored(), before, `${name}: nothing stored`);
    return res.json.error.message;
  }

  test('whole files pass: a PNG and a PDF', async () => {
    for (const [bytes, name, mime] of [[png(3, 2, 20), '照片.png', 'image/png'], [pdf(), '证明.pdf', 'application/pdf']]) {
      const res = await upload(person.client, { name, bytes });
      assert.equal(res.status, 201, `${name}: ${res.text}`);
      assert.equal(res.json.mime, mime);
    }
  });

  test('three bytes FF D8 FF are not a JPEG', async () => {
    const msg = await refused(Buffer.from([0xff, 0xd8, 0xff]), '照片.jpg', 'incomplete');
    assert.match(msg, /不完整/);
  });

  test('a PNG declaring 100000 x 100000 pixels', async () => {
    const msg = await refused(png(100000, 100000, 64), '大图.png', 'dimensions');
    assert.match(msg, /20000 像素/);
  });

  test('a small PNG whose data inflate to 200 MB', async () => {
    // 1000 x 1000 RGB needs 3,001,000 bytes; these data are 200 MB.
    const bomb = png(1000, 1000, 200 * 1024 * 1024);
    assert.ok(bomb.length < 250 * 1024, `the file is small: ${bomb.length} bytes`);
    const started = Date.now();
    const msg = await refused(bomb, '压缩炸弹.png', 'bomb');
    assert.match(msg, /尺寸不符/);
    assert.ok(Date.now() - started < 5000, 'refused without inflating it all');
  });

  test('a PDF that is also a web page', async () => {
    const msg = await refused(pdf('<html><body><script>alert(document.cookie)</script></body></html>\n'),
      '证书.pdf', 'polyglot');
    assert.match(msg, /网页/);
  });

  test('a PDF without its trailer, and one cut short', async () => {
    await refused(Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'), '无交叉引用.pdf', 'pdf_structure');
    const whole = pdf();
    await refused(whole.subarray(0, whole.length - 20), '半截.pdf', 'pdf_structure');
  });
});
