// The yearly notice and the board policy: a family reads this year's notice in Spanish (printable),
// an admin records that a school sent it to families, and the board policy's public page shows its
// history and last changes; axe on every page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, launchBrowser, phonePage, startDemo } from './harness.mjs';

let demo;
let browser;

before(async () => {
  demo = await startDemo();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  demo?.stop();
});

test('a family reads the notice in Spanish and the board policy; an admin records a sending', async () => {
  const family = await phonePage(browser, 'es');
  await family.goto(`${demo.base}/districts/${demo.districtSlug}`);
  await family.getByRole('link', { name: 'El aviso de este año a estudiantes y familias' }).click();
  await family.getByRole('heading', { level: 1, name: /aviso a estudiantes y familias/ }).waitFor();
  assert.ok(await family.getByRole('heading', { name: 'Cómo presentar una queja' }).isVisible());
  assert.ok(await family.getByRole('link', { name: 'presentar una queja' }).count());
  await assertAccessible(family, 'notice in Spanish');
  await family.emulateMedia({ media: 'print' });
  assert.equal(await family.locator('header.top').isVisible(), false, 'printed without the site header');
  await family.emulateMedia({ media: 'screen' });

  await family.goto(`${demo.base}/districts/${demo.districtSlug}/policy`);
  await family.getByRole('heading', { name: 'Versiones adoptadas' }).waitFor();
  assert.ok(await family.getByRole('heading', { name: 'Qué cambió respecto de la versión anterior' }).isVisible());
  await assertAccessible(family, 'board policy in Spanish');
  await family.context().close();

  const page = await (await browser.newContext()).newPage();
  await page.goto(demo.base + '/login');
  await page.getByLabel('Email').fill(demo.adminEmail);
  await page.getByLabel('Password').fill(demo.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.goto(`${demo.base}/program/notice`);
  await page.getByRole('heading', { level: 1, name: /^Yearly notice/ }).waitFor();
  await assertAccessible(page, 'notice record');
  const waiting = page.locator('tbody tr', { hasText: 'Not yet' }).first();
  const school = (await waiting.locator('th').innerText()).trim();
  await page.getByLabel('School', { exact: true }).selectOption({ label: school });
  await page.getByLabel('Who it reached').selectOption('families');
  await page.getByLabel('How').fill('Letter home in English and Spanish');
  await page.getByRole('button', { name: 'Record it' }).click();
  await page.getByText('Recorded.').waitFor();
  assert.ok(await page.getByText(`${school} · Sent to families: Letter home in English and Spanish`).isVisible());
  await assertAccessible(page, 'notice recorded');
  await page.context().close();
});
