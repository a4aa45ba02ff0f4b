// The journeys a participant and a facilitator take, in headless Chromium, with axe on every page.
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

test('a participant on a phone joins, shares, stars and reads published results', async () => {
  const page = await phonePage(browser);
  await page.goto(demo.base + '/');
  await assertAccessible(page, 'home');
  await page.click(`a[href="${demo.open}"]`);
  await assertAccessible(page, 'open exchange, not joined');

  await page.getByLabel('Which group are you part of?').selectOption('student');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByText('Welcome!').waitFor();

  await page.getByLabel('Your thought', { exact: true }).fill('Counselors in every school, please');
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByText('your thought was shared').waitFor();
  assert.ok(await page.getByText('Counselors in every school, please').isVisible());
  await assertAccessible(page, 'open exchange, joined');

  await page.getByRole('link', { name: 'Start starring' }).click();
  await assertAccessible(page, 'starring');
  const seen = new Set();
  for (let i = 0; i < 3; i++) {
    const text = await page.locator('blockquote.thought').innerText();
    assert.ok(!seen.has(text), 'never the same thought twice');
    assert.notEqual(text, 'Counselors in every school, please', 'never one\'s own thought');
    seen.add(text);
    await page.getByRole('button', { name: '4 stars' }).click();
    await page.getByText('Saved.').waitFor();
  }
  await page.getByRole('button', { name: 'Skip this one' }).click();
  await page.getByText('You have rated 4 thoughts.').waitFor();

  await page.goto(demo.base + demo.published + '/results');
  await page.getByText('1,137 participants').waitFor();
  assert.ok(await page.getByText('32,824 star ratings').isVisible());
  await assertAccessible(page, 'published results');
  await page.getByLabel('Ranking as seen by').selectOption('student');
  await page.getByRole('button', { name: 'Show' }).click();
  assert.match(page.url(), /view=student/);
  await page.context().close();
});

test('a facilitator signs in, creates, opens, closes and publishes an exchange', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(demo.base + '/login');
  await assertAccessible(page, 'sign-in');
  await page.getByLabel('Email').fill(demo.email);
  await page.getByLabel('Password').fill(demo.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your exchanges' }).waitFor();
  await assertAccessible(page, 'manage list');

  await page.getByRole('link', { name: 'New exchange' }).click();
  await page.getByLabel('Title').fill('After-school safety');
  // Blank but for spaces: the browser's own check lets it through, the server's does not.
  await page.getByLabel('The question you ask').fill('   ');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Please write the question.').waitFor();
  assert.equal(await page.getByLabel('Title').inputValue(), 'After-school safety', 'the title is kept');
  await assertAccessible(page, 'new exchange with an error');
  await page.getByLabel('The question you ask').fill('How can we make after-school hours safer?');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('created as a draft').waitFor();
  await assertAccessible(page, 'edit exchange');

  await page.getByRole('button', { name: 'Open to participants' }).click();
  await page.getByText('participants can join now').waitFor();
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByText('The exchange is closed.').waitFor();
  await page.getByRole('button', { name: 'Publish the results' }).click();
  await page.getByText('The results are published.').waitFor();
  await page.getByRole('link', { name: 'Results', exact: true }).click();
  await page.getByText('No thoughts have been shared yet.').waitFor();
  await assertAccessible(page, 'results of an empty exchange');
  await page.context().close();
});

test('a Spanish-speaking parent gets the pages in Spanish', async () => {
  const page = await phonePage(browser, 'es-MX');
  await page.goto(demo.base + demo.open);
  assert.equal(await page.getAttribute('html', 'lang'), 'es');
  await assertAccessible(page, 'exchange in Spanish');
  await page.getByRole('link', { name: 'English' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.context().close();
});
