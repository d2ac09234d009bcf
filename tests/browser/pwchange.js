// tests/browser/pwchange.js: a real browser (Debian's headless Chromium,
// driven with playwright-core) uses postino-pwchange's page the way a
// person would: it fills in the form, submits it, and reads the page that
// comes back; then it does the same with a wrong current password. Each
// page is saved as a screenshot in OUT_DIR.
//
// Environment: PW_URL (https://127.0.0.1:PORT), OUT_DIR, PW_USER,
// PW_CURRENT, PW_NEW. Prints "ok - ..." / "FAIL - ..." lines and the
// closing "pwchange-browser-page: N passed, N failed"; exits 1 on failure.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const url = process.env.PW_URL;
const outDir = process.env.OUT_DIR;
const user = process.env.PW_USER;
const current = process.env.PW_CURRENT;
const newPw = process.env.PW_NEW;
let passed = 0;
let failed = 0;

function check(desc, cond, detail) {
  if (cond) {
    passed++;
    console.log(`ok - ${desc}`);
  } else {
    failed++;
    console.log(`FAIL - ${desc}${detail ? `\n  ${detail}` : ''}`);
  }
}

async function submit(page) {
  const [response] = await Promise.all([
    page.waitForNavigation({ timeout: 30000 }),
    page.click('button[type=submit]'),
  ]);
  return response;
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'postino-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    ignoreHTTPSErrors: true,
    viewport: { width: 900, height: 1000 },
    timeout: 60000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  try {
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(30000);
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));

    // ---- the form
    let resp = await page.goto(`${url}/`);
    check('the form loads (200)', resp && resp.status() === 200, resp && resp.status());
    check('the page has a heading', (await page.textContent('h1')).length > 0);
    for (const [id, ac] of [['user', 'username'], ['current', 'current-password'],
      ['new', 'new-password'], ['repeat', 'new-password']]) {
      const label = await page.$(`label[for=${id}]`);
      check(`#${id} has a label`, label !== null);
      check(`#${id} autocomplete=${ac}`, (await page.getAttribute(`#${id}`, 'autocomplete')) === ac);
    }
    const styled = await page.evaluate(() => getComputedStyle(document.querySelector('main')).maxWidth);
    check('the stylesheet is applied', styled !== 'none', styled);
    check('the rules are shown', (await page.textContent('#rules')).includes('characters'));
    const cookies = await context.cookies(url);
    const csrf = cookies.find((c) => c.name === '__Host-postino_csrf');
    check('CSRF cookie set, HttpOnly, Secure, SameSite=Strict',
      csrf && csrf.httpOnly && csrf.secure && csrf.sameSite === 'Strict', JSON.stringify(csrf));
    await page.screenshot({ path: path.join(outDir, '1-form.png'), fullPage: true });

    // ---- a change that works
    await page.fill('#user', user);
    await page.fill('#current', current);
    await page.fill('#new', newPw);
    await page.fill('#repeat', newPw);
    resp = await submit(page);
    check('the change is accepted (200)', resp && resp.status() === 200, resp && resp.status());
    const ok = await page.$('#result.ok');
    const okText = ok ? await ok.textContent() : '';
    check('the page says the password was changed', /has been changed/.test(okText), okText);
    check('the success page shows no form', (await page.$('form')) === null);
    await page.screenshot({ path: path.join(outDir, '2-success.png'), fullPage: true });

    // ---- the old password is now wrong
    resp = await page.goto(`${url}/`);
    await page.fill('#user', user);
    await page.fill('#current', current);
    await page.fill('#new', 'Another-Fine-Pw-7');
    await page.fill('#repeat', 'Another-Fine-Pw-7');
    resp = await submit(page);
    check('a wrong current password is refused (401)', resp && resp.status() === 401,
      resp && resp.status());
    const err = await page.$('#result.error');
    const errText = err ? await err.textContent() : '';
    check('the page says the password is wrong', /current password is wrong/.test(errText), errText);
    check('the user name is kept in the form', (await page.inputValue('#user')) === user);
    check('the password fields are empty again', (await page.inputValue('#current')) === '');
    await page.screenshot({ path: path.join(outDir, '3-wrong-password.png'), fullPage: true });

    // ---- a policy error reads clearly too
    await page.fill('#current', newPw);
    await page.fill('#new', 'short');
    await page.fill('#repeat', 'short');
    resp = await submit(page);
    check('a too-short password is refused (422)', resp && resp.status() === 422,
      resp && resp.status());
    check('the page names the rule', /too short/.test(await page.textContent('#result')));
    await page.screenshot({ path: path.join(outDir, '4-policy.png'), fullPage: true });

    check('no CSP violations or script errors', problems.length === 0, problems.join('\n  '));
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => {
  check('the browser run completed', false, String(e && e.stack || e));
}).finally(() => {
  console.log(`pwchange-browser-page: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
});
