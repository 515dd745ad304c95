// Health and site description on all three portals, through nginx.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PORTALS, URLS, api, assertChinese, readConfig } from '../lib.mjs';

for (const portal of PORTALS) {
  test(`${portal}: GET /api/v1/health answers 200 with its name and the database`, async () => {
    const res = await api(portal, '/api/v1/health');
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.json.portal, portal);
    assert.equal(res.json.status, 'ok');
    assert.equal(res.json.database.ok, true);
    assert.equal(typeof res.json.database.ms, 'number');
    assert.ok(res.json.database.ms >= 0 && res.json.database.ms < 5000, `ms ${res.json.database.ms}`);
  });
}

for (const portal of PORTALS) {
  test(`${portal}: GET /api/v1/site names the platform and the three portals`, async () => {
    const conf = readConfig();
    const res = await api(portal, '/api/v1/site');
    assert.equal(res.status, 200, res.text);
    const site = res.json;
    assert.equal(site.name, '日照市专业技术人员继续教育公共服务平台');
    assert.equal(site.organiser, '日照市人力资源和社会保障局');
    assert.equal(site.city, '日照市');
    assert.equal(site.portal, portal);
    assert.deepEqual(Object.keys(site.portals).sort(), ['gxk', 'sdrz', 'zyk']);
    assertChinese(site.portals.sdrz.name, 'portals.sdrz.name');
    assert.equal(site.portals.gxk.name, '公需科目网络学习平台');
    assert.equal(site.portals.zyk.name, '专业科目网络培训平台');
    for (const p of PORTALS) {
      // The URLs come from the configuration, which ./dev writes from the ports.
      assert.equal(site.portals[p].url, conf[`url_${p}`], `portals.${p}.url`);
      assert.equal(site.portals[p].url, URLS[p], `portals.${p}.url is where the tests reach it`);
    }
  });
}
