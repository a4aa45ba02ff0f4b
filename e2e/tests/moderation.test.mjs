// Moderation in headless Chromium, with axe on every page: a thought with a phone number is held, a
// facilitator edits the number out, others see only the edited text; a participant reports a thought.
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

async function signIn(page) {
  await page.goto(demo.base + '/login');
  await page.getByLabel('Email').fill(demo.email);
  await page.getByLabel('Password').fill(demo.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your exchanges' }).waitFor();
}

/** Creates and opens a new exchange; returns its path, e.g. /exchanges/9. */
async function openNewExchange(page) {
  await page.getByRole('link', { name: 'New exchange' }).click();
  await page.getByLabel('Title').fill('Moderation journey');
  await page.getByLabel('The question you ask').fill('What would make the school gate safer?');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('created as a draft').waitFor();
  await page.getByRole('button', { name: 'Open to participants' }).click();
  await page.getByText('participants can join now').waitFor();
  return new URL(page.url()).pathname.replace('/manage', '');
}

async function join(page, path) {
  await page.goto(demo.base + path);
  await page.getByLabel('Which group are you part of?').selectOption('parent');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByText('Welcome!').waitFor();
}

async function share(page, text) {
  await page.getByLabel('Your thought', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Share' }).click();
}

test('a held thought is redacted by a facilitator, others see the redacted text, and a report reaches the queue', async () => {
  const staff = await (await browser.newContext()).newPage();
  await signIn(staff);
  const path = await openNewExchange(staff);

  const writer = await phonePage(browser);
  await join(writer, path);
  await share(writer, 'Fix the gate latch, and call me at 555-867-5309 when it is done');
  await writer.getByText('a facilitator will review it').waitFor();
  assert.ok(await writer.getByText('Waiting for review').isVisible());
  await assertAccessible(writer, 'exchange after a held thought');
  await share(writer, 'A crossing guard at the north gate, please');
  await writer.getByText('your thought was shared').waitFor();

  await staff.goto(demo.base + '/manage' + path);
  await staff.getByText('1 thought waiting for review').waitFor();
  await staff.getByRole('link', { name: 'Open the review queue' }).click();
  await staff.getByRole('heading', { name: 'Review queue' }).waitFor();
  assert.equal(await staff.locator('mark').first().innerText(), '555-867-5309');
  await assertAccessible(staff, 'review queue');
  const item = staff.locator('section.review-item').first();
  await item.getByRole('radio', { name: /Edit out personal details/ }).check();
  await item.getByRole('textbox', { name: /Reason/ }).fill('Helpful point; the phone number is private');
  await item.getByRole('button', { name: 'Save decision' }).click();
  await staff.getByText('Decision saved').waitFor();
  await staff.getByText('Nothing is waiting for review.').waitFor();
  await assertAccessible(staff, 'review queue with the record');

  const reader = await phonePage(browser);
  await join(reader, path);
  await reader.getByRole('link', { name: 'Start starring' }).click();
  const seen = [];
  for (let i = 0; i < 2; i++) {
    seen.push(await reader.locator('blockquote.thought').innerText());
    if (i === 0) await assertAccessible(reader, 'starring with a report link');
    if (i === 0) {
      await reader.getByRole('link', { name: 'Report this thought' }).click();
      await reader.getByRole('heading', { name: 'Report a thought' }).waitFor();
      await assertAccessible(reader, 'report a thought');
      await reader.getByRole('button', { name: 'Send report' }).click();
      // The browser's own check wants a reason first; choosing one sends the report.
      await reader.getByLabel('It is spam or advertising').check();
      await reader.getByLabel('Anything to add? (optional)').fill('Just checking the flow');
      await reader.getByRole('button', { name: 'Send report' }).click();
      await reader.getByText('Thank you for telling us').waitFor();
    } else {
      await reader.getByRole('button', { name: '4 stars' }).click();
      await reader.getByText('Saved.').waitFor();
    }
  }
  assert.ok(seen.includes('Fix the gate latch, and call me at [removed] when it is done'), seen.join(' | '));
  assert.ok(!seen.some((t) => t.includes('5309')), 'the phone number never reaches others');

  await staff.goto(demo.base + '/manage' + path + '/moderation');
  await staff.getByText('1 report').waitFor();
  assert.ok(await staff.getByText('Just checking the flow').isVisible());
  await staff.context().close();
  await writer.context().close();
  await reader.context().close();
});
