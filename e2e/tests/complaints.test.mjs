// The complaints journey: a parent files a complaint on a phone in Spanish without an account (a
// mistake keeps what was typed) and gets a tracking code; the demo investigator works it to a written
// response; the parent reads the response by the code. axe on every page.
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

// The smallest valid PNG header is enough: attachments are checked by their first bytes.
const PHOTO = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const ACCOUNT = 'El oficial le gritó a mi hijo en el pasillo delante de sus compañeros.';
const RESPONSE = 'Hemos revisado su queja. Entrevistamos al oficial y a dos testigos; la alegación es fundada.';

async function track(page, code) {
  await page.goto(`${demo.base}/districts/${demo.districtSlug}/complaints/track`);
  await page.getByRole('heading', { level: 1, name: 'Consultar una queja' }).waitFor();
  await page.getByLabel('Código de seguimiento').fill(code);
  await page.getByRole('button', { name: 'Consultar' }).click();
}

test('a parent files in Spanish on a phone, an investigator answers, the parent reads it by code', async () => {
  const parent = await phonePage(browser, 'es');
  await parent.goto(`${demo.base}/districts/${demo.districtSlug}/complaints/new`);
  await parent.getByRole('heading', { level: 1, name: 'Presentar una queja' }).waitFor();
  await assertAccessible(parent, 'complaint form in Spanish');

  // No school chosen: the form comes back with the message and what was typed.
  await parent.getByLabel('De qué se trata').selectOption('student_interaction');
  await parent.getByLabel('Cuándo pasó').fill('2026-11-20');
  await parent.getByLabel('Qué pasó, en sus propias palabras').fill(ACCOUNT);
  await parent.getByLabel('Correo electrónico').fill('ana@example.org');
  await parent.locator('#complaint-school').evaluate((select) => select.removeAttribute('required'));
  await parent.getByRole('button', { name: 'Enviar la queja' }).click();
  await parent.getByRole('alert').getByText('Elija la escuela donde pasó.').waitFor();
  assert.equal(await parent.getByLabel('Qué pasó, en sus propias palabras').inputValue(), ACCOUNT);
  assert.equal(await parent.getByLabel('Correo electrónico').inputValue(), 'ana@example.org');
  await assertAccessible(parent, 'complaint form with a mistake');

  await parent.locator('#complaint-school').selectOption({ label: 'Riverside High School' });
  await parent.getByLabel('Archivos adjuntos (opcional)').setInputFiles({
    name: 'foto.png', mimeType: 'image/png', buffer: PHOTO,
  });
  await parent.getByRole('button', { name: 'Enviar la queja' }).click();
  await parent.getByRole('heading', { level: 1, name: 'Recibimos su queja' }).waitFor();
  const code = (await parent.locator('#tracking-code').innerText()).trim();
  assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
  await assertAccessible(parent, 'complaint received, with its code');

  await track(parent, code.toLowerCase());
  await parent.getByRole('heading', { name: /Estado: Recibida/ }).waitFor();
  await assertAccessible(parent, 'tracking page');

  // The investigator works it: assign, acknowledge, investigate, a finding, the written response.
  const desk = await (await browser.newContext()).newPage();
  await desk.goto(demo.base + '/login');
  await desk.getByLabel('Email').fill(demo.investigatorEmail);
  await desk.getByLabel('Password').fill(demo.investigatorPassword);
  await desk.getByRole('button', { name: 'Sign in' }).click();
  await desk.goto(demo.base + '/program/complaints');
  await desk.getByRole('heading', { level: 1, name: 'Complaints' }).waitFor();
  await assertAccessible(desk, 'complaints list');
  await desk.locator('tbody th a').first().click();
  await desk.getByText(ACCOUNT).waitFor();
  await desk.getByText('ana@example.org').waitFor();
  await assertAccessible(desk, 'one complaint');

  await desk.getByLabel('Investigator').selectOption({ label: 'Demo Investigator' });
  await desk.getByRole('button', { name: 'Assign' }).click();
  await desk.getByRole('button', { name: 'Acknowledge' }).click();
  await desk.getByRole('button', { name: 'Start the investigation' }).click();
  await desk.getByLabel('A new allegation').fill('Le gritó a un estudiante');
  await desk.getByRole('button', { name: 'Add' }).first().click();
  await desk.getByRole('button', { name: 'Record the findings' }).click();
  await desk.getByRole('alert').getByText('Record a finding for every allegation first.').waitFor();
  await desk.getByLabel('Finding', { exact: true }).selectOption('sustained');
  await desk.getByRole('button', { name: 'Record', exact: true }).click();
  await desk.getByRole('button', { name: 'Record the findings' }).click();
  await desk.getByLabel('The response to the complainant').fill(RESPONSE);
  await desk.getByRole('button', { name: 'Save the draft' }).click();
  await desk.getByRole('button', { name: 'Send the response' }).click();
  await desk.getByText('Response sent').first().waitFor();
  await assertAccessible(desk, 'complaint with its response sent');

  await track(parent, code);
  await parent.getByRole('heading', { name: /Estado: Respuesta enviada/ }).waitFor();
  await parent.getByText(RESPONSE).waitFor();
  await assertAccessible(parent, 'tracking page with the response');

  // A guessed code finds nothing, and says so the same way as a wrong one.
  await track(parent, 'AAAA-BBBB-CCCC-DDDD-EEEE');
  await parent.getByRole('alert').getByText('No se encontró ninguna queja con ese código.').waitFor();
});

test('the demo prints a tracking code that shows a written response', async () => {
  const visitor = await phonePage(browser, 'es');
  await track(visitor, demo.trackingCode);
  await visitor.getByRole('heading', { name: /Estado: Respuesta enviada/ }).waitFor();
  await visitor.getByText('Thank you for telling us.', { exact: false }).waitFor();
});
