// The records journey for calls for service: an admin records a call with two students through the
// plain form on a phone (a mistake keeps what was typed), reads it back, and reads the yearly report;
// axe on every page.
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
  await page.getByLabel('Email').fill(demo.adminEmail);
  await page.getByLabel('Password').fill(demo.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function fillStudent(page, n, student) {
  await page.locator(`#s${n}-protected_id`).fill(student.id);
  await page.locator(`#s${n}-role`).selectOption(student.role);
  await page.locator(`#s${n}-age`).fill(student.age);
  await page.locator(`#s${n}-grade`).selectOption(student.grade);
  await page.locator(`#s${n}-gender`).selectOption(student.gender);
  const fieldset = page.locator('fieldset.student').nth(n);
  for (const label of student.checks) {
    await fieldset.getByLabel(label, { exact: true }).check();
  }
}

test('an admin records a call with two students on a phone and reads it back', async () => {
  const page = await phonePage(browser);
  await signIn(page);
  await page.goto(demo.base + '/program/calls');
  await page.getByRole('heading', { name: 'Calls for law-enforcement service' }).waitFor();
  await assertAccessible(page, 'calls list');

  await page.getByRole('link', { name: 'Record a call' }).click();
  await page.getByRole('heading', { name: 'Record a call' }).waitFor();
  await assertAccessible(page, 'call form');
  await page.locator('#call_key').fill('E2E-CALL-1');
  await page.locator('#school').selectOption({ label: 'Riverside High School' });
  await page.locator('#occurred_on').fill('2025-10-14');
  await page.locator('#occurred_time').fill('11:40');
  await page.locator('#requester').selectOption('teacher');
  await page.locator('#offense').selectOption('fighting');
  await page.locator('#narrative').fill('Two students argued in the gym; the officer talked with both.');
  await fillStudent(page, 0, {
    id: 'E2E-S1', role: 'offender', age: '15', grade: '10', gender: 'female',
    checks: ['Has an IEP (special education)', 'Handled informally'],
  });

  await page.getByRole('button', { name: 'Add another student' }).click();
  await page.locator('#s1-protected_id').waitFor();
  assert.equal(await page.locator('#s0-protected_id').inputValue(), 'E2E-S1', 'the first student is kept');
  // A wrong age: the form comes back with the message and everything typed.
  await fillStudent(page, 1, {
    id: 'E2E-S2', role: 'witness', age: '99', grade: '9', gender: 'male', checks: ['Asian'],
  });
  await page.getByRole('button', { name: 'Save the call' }).click();
  await page.getByRole('alert').getByText('Student 2: give the age at the call').waitFor();
  assert.equal(await page.locator('#narrative').inputValue(), 'Two students argued in the gym; the officer talked with both.');
  await assertAccessible(page, 'call form with a mistake');
  await page.locator('#s1-age').fill('14');
  await page.getByRole('button', { name: 'Save the call' }).click();

  await page.getByRole('heading', { name: 'Call E2E-CALL-1' }).waitFor();
  for (const shown of ['E2E-S1', 'E2E-S2', 'IDEA (IEP)', 'Handled informally', 'Riverside High School']) {
    await page.getByText(shown, { exact: true }).first().waitFor();
  }
  await assertAccessible(page, 'one call');
});

test('an admin reads the internal report and checks a calls file; the public reads the report in Spanish', async () => {
  const page = await phonePage(browser);
  await signIn(page);
  await page.goto(demo.base + '/program/calls/report');
  await page.getByRole('heading', { level: 1, name: /Calls for law-enforcement service: yearly report/ }).waitFor();
  await assertAccessible(page, 'internal yearly report');

  await page.goto(demo.base + '/program/calls/import');
  await page.getByRole('heading', { name: 'Import calls for service' }).waitFor();
  await assertAccessible(page, 'calls import page');
  const template = await (await page.request.get(demo.base + '/program/calls/import/template.csv')).text();
  const header = template.split(/\r?\n/)[0];
  const columns = header.split(',');
  const row = Object.fromEntries(columns.map((c) => [c, '']));
  Object.assign(row, {
    call_id: 'E2E-FILE-1', school: 'Riverside High School', occurred_at: '2025-11-03 09:15',
    requester: 'teacher', offense_type: 'fighting', student_id: 'E2E-F1', student_role: 'offender',
    age: '16', grade: '11', gender: 'male', outcomes: 'handled_informally',
  });
  const csv = `${header}\n${columns.map((c) => row[c]).join(',')}\n`;
  await page.locator('#calls-file').setInputFiles({ name: 'calls.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('#calls-dry-run').check();
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByText('Dry run: all 1 rows (1 calls) are good. Nothing was imported.').waitFor();
  await assertAccessible(page, 'calls import report');

  const visitor = await phonePage(browser, 'es');
  await visitor.goto(`${demo.base}/districts/${demo.districtSlug}/calls/report`);
  await visitor.getByRole('heading', { level: 1, name: /informe anual/ }).waitFor();
  const text = await visitor.locator('main').innerText();
  assert.ok(text.includes('N<10'), 'small counts are hidden on the public report');
  assert.ok(!text.includes('E2E-'), 'no call or student ids in public');
  await assertAccessible(visitor, 'public yearly report in Spanish');
});

test('an admin reads the OSPI packet summary, downloads it, and a bad layout keeps what was typed', async () => {
  const page = await phonePage(browser);
  await signIn(page);
  await page.goto(demo.base + '/program/ospi');
  await page.getByRole('heading', { level: 1, name: /Yearly packet for OSPI/ }).waitFor();
  await assertAccessible(page, 'OSPI packet summary');
  const download = await page.request.get(demo.base + '/program/ospi/packet.zip');
  assert.equal(download.status(), 200);
  assert.equal(download.headers()['content-type'], 'application/zip');

  await page.goto(demo.base + '/program/ospi/layout');
  await page.getByRole('heading', { level: 1, name: 'Layout of the packet for OSPI' }).waitFor();
  await assertAccessible(page, 'OSPI packet layout');
  const typed = '[[file]]\npart = "rooster"\nname = "roster.csv"\ncolumns = [{ field = "school", header = "Building" }]\n';
  await page.getByLabel('Layout (TOML)').fill(typed);
  await page.getByRole('button', { name: 'Save the layout' }).click();
  await page.getByText('there is no part called “rooster”').waitFor();
  assert.equal(await page.getByLabel('Layout (TOML)').inputValue(), typed);
  await assertAccessible(page, 'OSPI layout refused');
});
