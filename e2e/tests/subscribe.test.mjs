// Staying in touch, in Spanish on a phone: a visitor subscribes from the program page (a mistyped
// address first), confirms from the link in the mail, hears about an exchange a facilitator opens, and
// unsubscribes from the link in that message; axe on every page.
//
// The mail goes to a small SMTP receiver on loopback written here: it speaks only the commands accord's
// sender uses (EHLO, MAIL, RCPT, DATA, QUIT), which is less than a new npm dependency would bring.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { assertAccessible, launchBrowser, phonePage, startDemo } from './harness.mjs';

const received = [];
let smtp;
let demo;
let browser;

function startSmtp() {
  const server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    socket.write('220 test.smtp ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end;
      while (true) {
        if (inData) {
          end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          received.push(parseMessage(buffer.slice(0, end).replace(/^\.\./gm, '.')));
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write('250 OK\r\n');
          continue;
        }
        end = buffer.indexOf('\r\n');
        if (end < 0) return;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 test.smtp\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
        } else if (verb === 'QUIT') socket.end('221 Bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Headers (unfolded) and the text, decoded from quoted-printable or base64. */
function parseMessage(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]/g, ' ');
  const headers = Object.fromEntries(
    head.split('\r\n').map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  let text = raw.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (encoding === 'base64') text = Buffer.from(text.replace(/\s/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    text = Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return { headers, text };
}

async function mailNumber(n) {
  const deadline = Date.now() + 20_000;
  while (received.length < n) {
    assert.ok(Date.now() < deadline, `message ${n} did not arrive`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return received[n - 1];
}

const linkIn = (text, fragment) => text.split(/\s+/).find((word) => word.startsWith('http') && word.includes(fragment));

before(async () => {
  smtp = await startSmtp();
  const port = String(smtp.address().port);
  demo = await startDemo(['--smtp-host', '127.0.0.1', '--smtp-port', port, '--smtp-security', 'plain']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  demo?.stop();
  smtp?.close();
});

test('a visitor subscribes in Spanish, confirms, hears of a new exchange and unsubscribes', async () => {
  const page = await phonePage(browser, 'es');
  await page.goto(`${demo.base}/districts/${demo.districtSlug}`);
  await page.getByRole('link', { name: 'Reciba noticias por correo' }).click();
  await page.getByRole('heading', { name: 'Manténgase en contacto' }).waitFor();
  await assertAccessible(page, 'subscribe form');

  await page.getByLabel('Su correo electrónico').fill('maria@mailinator.com');
  await page.getByRole('button', { name: 'Suscribirme' }).click();
  await page.getByText('correo desechable').waitFor();
  assert.equal(await page.getByLabel('Su correo electrónico').inputValue(), 'maria@mailinator.com', 'what was typed is kept');
  await assertAccessible(page, 'subscribe form with an error');

  await page.getByLabel('Su correo electrónico').fill('maria.lopez@example.org');
  await page.getByRole('button', { name: 'Suscribirme' }).click();
  await page.getByText('Casi listo').waitFor();
  await assertAccessible(page, 'subscribe form, confirmation sent');

  const confirmation = await mailNumber(1);
  assert.match(confirmation.headers['subject'], /^Confirme su /);
  const confirm = linkIn(confirmation.text, '/subscribe/confirm/');
  assert.ok(confirm, confirmation.text);
  await page.goto(confirm);
  await assertAccessible(page, 'confirmation link');
  await page.getByRole('button', { name: 'Confirmar mi suscripción' }).click();
  await page.getByRole('heading', { name: 'Suscripción confirmada' }).waitFor();
  await assertAccessible(page, 'subscription confirmed');

  const staff = await (await browser.newContext()).newPage();
  await staff.goto(demo.base + '/login');
  await staff.getByLabel('Email').fill(demo.email);
  await staff.getByLabel('Password').fill(demo.password);
  await staff.getByRole('button', { name: 'Sign in' }).click();
  await staff.getByRole('heading', { name: 'Your exchanges' }).waitFor();
  await staff.getByRole('link', { name: 'New exchange' }).click();
  await staff.getByLabel('Title').fill('Summer programs');
  await staff.getByLabel('The question you ask').fill('What would make summer programs safer?');
  await staff.getByRole('button', { name: 'Save' }).click();
  await staff.getByText('created as a draft').waitFor();
  await staff.getByRole('button', { name: 'Open to participants' }).click();
  await staff.getByText('participants can join now').waitFor();

  const news = await mailNumber(2);
  assert.match(news.text, /Summer programs/);
  assert.equal(news.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
  const unsubscribe = news.headers['list-unsubscribe'].replace(/^<|>$/g, '');
  assert.ok(news.text.includes(unsubscribe), 'the unsubscribe link is in the text too');
  await page.goto(unsubscribe);
  await assertAccessible(page, 'unsubscribe link');
  await page.getByRole('button', { name: 'Darme de baja' }).click();
  await page.getByRole('heading', { name: 'Se ha dado de baja' }).waitFor();
  await assertAccessible(page, 'unsubscribed');
});
