// A facilitator computes the themes of the published demo exchange, renames and merges them with plain
// forms, and the public results page shows them, with charts and a theme filter; axe on every page.
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

test('a facilitator shapes the themes and the public results show them', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(demo.base + '/login');
  await page.getByLabel('Email').fill(demo.email);
  await page.getByLabel('Password').fill(demo.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your exchanges' }).waitFor();

  const id = demo.published.split('/').pop();
  await page.goto(`${demo.base}/manage/exchanges/${id}`);
  await page.getByRole('link', { name: 'Themes', exact: true }).click();
  await page.getByRole('heading', { name: /^Themes:/ }).waitFor();
  await assertAccessible(page, 'themes before computing');

  await page.getByLabel('Number of themes').fill('8');
  await page.getByRole('button', { name: /^Compute/ }).click();
  await page.getByText('The themes were computed.').waitFor();
  const cards = page.locator('ol.themes > li.card');
  assert.equal(await cards.count(), 8, 'the number of themes asked for');
  await assertAccessible(page, 'themes computed');

  const first = cards.nth(0);
  await first.getByLabel('Name of this theme').fill('Counselors and support');
  await first.getByRole('button', { name: /^Rename/ }).click();
  await page.getByText('The theme was renamed.').waitFor();
  assert.equal(await cards.nth(0).getByRole('heading').innerText(), 'Counselors and support');

  const second = cards.nth(1);
  const merged = await second.getByRole('heading').innerText();
  await second.getByLabel('Merge this theme into').selectOption({ label: 'Counselors and support' });
  await second.getByRole('button', { name: /^Merge/ }).click();
  await page.getByText('The themes were merged.').waitFor();
  assert.equal(await cards.count(), 7, 'two themes became one');
  assert.ok(!(await page.getByRole('heading', { name: merged, exact: true }).count()), 'the merged theme is gone');
  await page.context().close();

  const visitor = await phonePage(browser);
  await visitor.goto(demo.base + demo.published + '/results');
  await visitor.getByRole('heading', { name: 'Themes', exact: true }).waitFor();
  assert.ok(await visitor.getByRole('heading', { name: 'Counselors and support' }).isVisible());
  assert.equal(await visitor.locator('ol.themes > li.card').count(), 7);
  assert.ok((await visitor.locator('svg[role="img"]').count()) >= 6, 'charts');
  await assertAccessible(visitor, 'public results with themes');

  await visitor.getByLabel('Theme', { exact: true }).selectOption({ label: 'Counselors and support' });
  await visitor.getByRole('button', { name: 'Show' }).click();
  assert.match(visitor.url(), /theme=\d+/);
  await visitor.getByText('Showing only the thoughts of the theme').waitFor();
  await assertAccessible(visitor, 'results filtered by theme');

  await visitor.goto(demo.base + demo.published + '/report');
  await visitor.getByText('made for printing').waitFor();
  await assertAccessible(visitor, 'printable report');
  await visitor.context().close();
});
