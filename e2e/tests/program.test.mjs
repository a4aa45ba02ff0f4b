// The program admin's journey: an agency and an officer, training with evidence, the gate refusing an
// assignment and then allowing it once an approved plan stands; axe on every page.
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

const isoDay = (offsetDays) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

test('an admin adds an agency and an officer, records training, and meets the gate', async () => {
  const page = await phonePage(browser);
  await page.goto(demo.base + '/login');
  await page.getByLabel('Email').fill(demo.adminEmail);
  await page.getByLabel('Password').fill(demo.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.goto(demo.base + '/program');
  await page.getByRole('heading', { name: 'Overdue training by school' }).waitFor();
  await assertAccessible(page, 'training dashboard');

  await page.goto(demo.base + '/program/agencies');
  await page.getByLabel('Agency name').fill('Harbor Security Services');
  await page.getByLabel('Kind').selectOption('security_company');
  await page.getByRole('button', { name: 'Add an agency' }).click();
  await page.getByRole('heading', { name: 'Harbor Security Services' }).waitFor();
  await assertAccessible(page, 'agencies');

  await page.goto(demo.base + '/program/staff');
  await assertAccessible(page, 'staff list');
  await page.getByLabel('Name', { exact: true }).fill('Officer Jamie Journey');
  await page.getByLabel('Agency', { exact: true }).selectOption({ label: 'Cedar Valley Police Department' });
  await page.getByLabel('Badge or employee number').fill('CV-2001');
  await page.getByRole('button', { name: 'Add a staff member' }).click();
  await page.getByRole('heading', { name: 'Officer Jamie Journey' }).waitFor();
  await assertAccessible(page, 'person page');

  await page.locator('#training-requirement').selectOption('a');
  await page.locator('#training-date').fill(isoDay(-3));
  await page.locator('#training-provider').fill('Criminal Justice Training Commission');
  await page.locator('#training-evidence').setInputFiles({
    name: 'certificate.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 certificate'),
  });
  await page.getByRole('button', { name: 'Record training' }).click();
  await page.getByText('Training recorded.').waitFor();
  await page.getByRole('button', { name: /Verify/ }).click();
  await page.getByText('Verified.', { exact: true }).waitFor();

  const start = isoDay(1);
  await page.locator('#assign-school').selectOption({ label: 'Riverside High School' });
  await page.locator('#assign-starts').fill(start);
  await page.locator('#assign-days').fill('3');
  await page.getByRole('button', { name: 'Assign to a school' }).click();
  await page.getByText('Refused: the training is not verified complete').waitFor();
  assert.ok(await page.getByText(/De-escalation techniques when working with youth \(j\): 0 of 1 verified/).first().isVisible());
  assert.equal(await page.locator('#assign-starts').inputValue(), start, 'the typed start is kept');
  await assertAccessible(page, 'assignment refused');

  await page.locator('#plan-by').fill(isoDay(60));
  await page.locator('#plan-note').fill('Academy in January, on-the-job days with the lead SRO.');
  await page.getByRole('button', { name: 'Save the plan' }).click();
  await page.getByRole('button', { name: 'Approve the plan' }).click();
  await page.getByText('Plan approved.').waitFor();

  await page.locator('#assign-school').selectOption({ label: 'Riverside High School' });
  await page.locator('#assign-starts').fill(start);
  await page.locator('#assign-days').fill('3');
  await page.getByRole('button', { name: 'Assign to a school' }).click();
  await page.getByText('Assigned.').waitFor();
  assert.ok(await page.getByRole('cell', { name: start }).isVisible());
  await assertAccessible(page, 'person page, assigned');

  await page.getByRole('link', { name: 'History' }).first().click();
  await page.getByText('The history cannot be edited.', { exact: false }).waitFor();
  await assertAccessible(page, 'record history');
  await page.context().close();
});

test('a member of the public reads the program page, in English and Spanish, on a phone', async () => {
  const page = await phonePage(browser);
  await page.goto(demo.base + '/');
  await page.getByRole('link', { name: /School Safety and Security Staff Program/ }).click();
  await page.getByRole('heading', { level: 1, name: 'School Safety and Security Staff Program' }).waitFor();
  assert.ok(await page.getByText('commissioned law enforcement officer', { exact: false }).isVisible());
  assert.ok(await page.getByRole('listitem').filter({ hasText: 'Welfare checks' }).isVisible());
  assert.ok(await page.getByText(/of \d+ staff working in our schools have completed the series/).isVisible());
  assert.equal(await page.getByText('Officer Jamie Journey').count(), 0, 'no names unless the district chooses');
  await assertAccessible(page, 'public program page');
  await page.context().close();

  const spanish = await phonePage(browser, 'es');
  await spanish.goto(demo.base + '/districts/' + demo.districtSlug);
  await spanish.getByRole('heading', { level: 1, name: 'Programa de personal de seguridad escolar' }).waitFor();
  assert.ok(await spanish.getByRole('listitem').filter({ hasText: 'Controles de bienestar' }).isVisible());
  await assertAccessible(spanish, 'public program page in Spanish');
  await spanish.context().close();
});

test('an admin writes the public page; a text not yet translated says so', async () => {
  const page = await phonePage(browser);
  await page.goto(demo.base + '/login');
  await page.getByLabel('Email').fill(demo.adminEmail);
  await page.getByLabel('Password').fill(demo.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.goto(demo.base + '/program/page');
  await assertAccessible(page, 'public page editor');
  await page.locator('#text-complaints-en').fill('Call the district office at 555-0100 or use the form.');
  await page.getByRole('button', { name: 'Save the page' }).click();
  await page.getByText('Saved. The public page shows it now.').waitFor();
  await page.context().close();

  const spanish = await phonePage(browser, 'es');
  await spanish.goto(demo.base + '/districts/' + demo.districtSlug + '#complaints');
  const complaints = spanish.locator('section#complaints');
  await complaints.getByText('Todavía sin traducir: se muestra en English.').waitFor();
  assert.ok(await complaints.getByText('Call the district office at 555-0100', { exact: false }).isVisible());
  await assertAccessible(spanish, 'untranslated text');
  await spanish.context().close();
});

test('an admin adopts, submits and publishes the agreement under review; the public reads it', async () => {
  const page = await phonePage(browser);
  await page.goto(demo.base + '/login');
  await page.getByLabel('Email').fill(demo.adminEmail);
  await page.getByLabel('Password').fill(demo.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.goto(demo.base + '/program/agreements');
  await assertAccessible(page, 'agreements');
  await page.getByRole('row').filter({ hasText: 'Under community review' }).first().getByRole('link').first().click();
  await page.getByRole('heading', { name: 'Listening sessions' }).waitFor();
  await assertAccessible(page, 'agreement under review');
  const move = async (state, field, day) => {
    await page.locator('#state').selectOption(state);
    if (field) await page.locator(field).fill(day);
    await page.getByRole('button', { name: 'Move this version on' }).click();
  };
  await move('adopted', '#adopted-on', isoDay(-2));
  await page.locator('#current-version', { hasText: 'Adopted' }).waitFor();
  await move('submitted_to_ospi', '#submitted-on', isoDay(-1));
  await page.locator('#current-version', { hasText: 'Submitted to OSPI' }).waitFor();
  await move('published', null, null);
  await page.locator('#current-version', { hasText: 'Published' }).waitFor();
  await page.context().close();

  const reader = await phonePage(browser);
  await reader.goto(demo.base + '/districts/' + demo.districtSlug + '#agreements');
  await reader.getByText(`adopted by the board on ${isoDay(-2)}`).first().waitFor();
  await reader.locator('#agreements a').first().click();
  await reader.getByRole('heading', { level: 1 }).waitFor();
  await assertAccessible(reader, 'a published agreement');
  await reader.context().close();
});
