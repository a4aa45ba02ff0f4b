// "You said, we did": a facilitator answers the three best-rated thoughts the results still suggest,
// in English, one also in Spanish, and publishes them; a visitor reads them on the program page in
// Spanish: the Spanish the facilitator wrote, and "not yet translated" for the others. axe on every page.
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

test('a facilitator answers three top thoughts and a visitor reads them in Spanish', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(demo.base + '/login');
  await page.getByLabel('Email').fill(demo.email);
  await page.getByLabel('Password').fill(demo.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your exchanges' }).waitFor();

  const id = demo.published.split('/').pop();
  await page.goto(`${demo.base}/manage/exchanges/${id}`);
  await page.getByRole('link', { name: 'Answers', exact: true }).click();
  await page.getByRole('heading', { name: /^Answers:/ }).waitFor();
  await assertAccessible(page, 'answers page');

  const forms = page.locator('article.answer-form');
  const already = await forms.count();
  const picked = [];
  for (let i = 0; i < 3; i += 1) {
    const first = page.locator('ul.suggestions > li').first();
    assert.match(await first.innerText(), /Highest rated/, 'a top thought is suggested first');
    picked.push((await first.locator('p.thought').innerText()).trim());
    await first.getByRole('button', { name: /^Answer this/ }).click();
    await page.getByText('Picked: write the answer below.').waitFor();
  }
  assert.equal(await forms.count(), already + 3);

  const answers = [
    { en: 'Counselors join every school team this spring.', es: 'Los consejeros se suman al equipo de cada escuela esta primavera.' },
    { en: 'The board will review the agreement with students in May.', es: '' },
    { en: 'Officers will meet the student advisory group every quarter.', es: '' },
  ];
  for (const [i, text] of answers.entries()) {
    const form = forms.nth(already + i);
    assert.equal((await form.getByRole('heading').innerText()).trim(), picked[i]);
    await form.getByLabel('Answer in English').fill(text.en);
    await form.getByLabel('Answer in Español').fill(text.es);
    await form.getByRole('button', { name: 'Save answer' }).click();
    await page.getByText('Answer saved.').waitFor();
    await forms.nth(already + i).getByRole('button', { name: 'Publish answer' }).click();
    await page.getByText('Answer published', { exact: false }).first().waitFor();
  }
  await assertAccessible(page, 'answers published');
  await page.context().close();

  const visitor = await phonePage(browser, 'es-ES');
  await visitor.goto(`${demo.base}/districts/${demo.districtSlug}`);
  const section = visitor.locator('section#answers');
  await section.getByRole('heading', { name: 'Ustedes dijeron, nosotros hicimos' }).waitFor();
  for (const said of picked) {
    assert.ok(await section.getByText(said, { exact: true }).count(), `the answered thought is shown: ${said}`);
  }
  assert.ok(await section.getByText(answers[0].es).isVisible(), 'the Spanish the facilitator wrote');
  assert.equal(await section.getByText(answers[0].en).count(), 0, 'not the English beside it');
  const untranslated = section.locator('article.answer', { hasText: answers[1].en });
  assert.ok(
    await untranslated.getByText('Todavía sin traducir: se muestra en English.').isVisible(),
    'an answer not written in Spanish says so',
  );
  assert.equal(await untranslated.locator('[lang="en"]').count() > 0, true, 'and is marked as English');
  await assertAccessible(visitor, 'program page in Spanish');
  await visitor.context().close();
});
