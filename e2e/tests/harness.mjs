// Starts accord's demo on a fresh SQLite file and Debian's Chromium, for the journeys.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';

const BIN = process.env.ACCORD_BIN ?? resolve(import.meta.dirname, '../../target/debug/accord');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Runs `accord demo` on a new database (with `extraArgs`, e.g. an SMTP server); resolves with its
 * address, sign-in and exchanges. */
export async function startDemo(extraArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), 'accord-e2e-'));
  const args = ['demo', '--database', `sqlite://${join(dir, 'e2e.db')}`, '--listen', '127.0.0.1:0', ...extraArgs];
  const child = spawn(BIN, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = { dir, child };
  const lines = createInterface({ input: child.stdout });
  await new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error('accord demo did not start within 120 s')), 120_000);
    child.on('exit', (code) => reject(new Error(`accord demo exited with ${code}`)));
    lines.on('line', (line) => {
      let m;
      if ((m = line.match(/published exchange: (\/exchanges\/\d+)/))) info.published = m[1];
      if ((m = line.match(/open exchange to try: (\/exchanges\/\d+)/))) info.open = m[1];
      if ((m = line.match(/public program page: \/districts\/(\S+)/))) info.districtSlug = m[1];
      if ((m = line.match(/Facilitator sign-in: (\S+) \/ (\S+)/))) [info.email, info.password] = [m[1], m[2]];
      if ((m = line.match(/Program admin sign-in: (\S+) \/ (\S+)/))) [info.adminEmail, info.adminPassword] = [m[1], m[2]];
      if ((m = line.match(/Investigator sign-in: (\S+) \/ (\S+)/))) [info.investigatorEmail, info.investigatorPassword] = [m[1], m[2]];
      if ((m = line.match(/tracking code to try: (\S+)/))) info.trackingCode = m[1];
      if ((m = line.match(/serving at (http:\/\/[\d.:]+)\//))) {
        info.base = m[1];
        clearTimeout(timer);
        resolveStart();
      }
    });
  });
  info.stop = () => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  return info;
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** A phone-sized page (the participants' usual screen). */
export async function phonePage(browser, locale = 'en-US') {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale, hasTouch: true });
  return context.newPage();
}

/** Fails on any serious or critical WCAG 2.1 A/AA violation axe finds on the current page. */
export async function assertAccessible(page, label) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    [],
    `axe on ${label}`,
  );
}
