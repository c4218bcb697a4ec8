import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import {
  copyExamples,
  ensureCodeServer,
  REPO_ROOT,
  startCodeServer,
  type RunningEditor,
} from './codeServer';

/*
 * The extension in a real VS Code (code-server 4.100.3 driven by Debian's chromium, see
 * shared/recipes/vscode-e2e.md). The same scenario runs without the extension as a negative
 * control: the checks must fail there, or they prove nothing.
 */
const EXT_ROOT = path.resolve(__dirname, '..');
const VSIX = path.join(EXT_ROOT, 'ytk-vscode.vsix');
const ARTIFACTS = path.join(REPO_ROOT, 'artifacts/vscode');
const FILE = 'cnp-fraud-scoring.yaml';
const RULE = 'cilium-auth-cross-cluster';
jest.setTimeout(180000);

let browser: Browser;

async function openEditor(editor: RunningEditor): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1600, height: 1000 },
  });
  await page.goto(editor.url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', {
    timeout: 60000,
  });
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type(FILE);
  await page.waitForSelector(
    `.quick-input-list .monaco-list-row[aria-label*="${FILE}"]`,
  );
  await page.keyboard.press('Enter');
  await page.waitForSelector('.monaco-editor .view-lines');
  return page;
}

/** What a user sees: the ytk squiggle (if any) and the Problems panel text. */
async function observeProblems(page: Page, waitMs: number) {
  const squiggle = await page
    .waitForSelector('.monaco-editor .squiggly-error', { timeout: waitMs })
    .then(() => true)
    .catch(() => false);
  await page.keyboard.press('Control+Shift+M');
  await page
    .waitForSelector('.markers-panel', { timeout: 10000 })
    .catch(() => undefined);
  await page.waitForTimeout(500);
  const problems = (await page.locator('.markers-panel').allInnerTexts()).join(
    '\n',
  );
  return { squiggle, problems };
}

async function previewFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      const text = await f
        .evaluate(() => document.getElementById('root')?.innerText ?? '')
        .catch(() => '');
      if (text.includes('ytk preview')) return f;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('preview webview not found');
}

const rootText = (f: Frame) =>
  f.evaluate(() => document.getElementById('root')!.innerText);

beforeAll(async () => {
  const secs = ensureCodeServer();
  if (secs) console.log(`installed code-server into .cache in ${secs}s`);
  execFileSync('npm', ['run', 'package'], { cwd: EXT_ROOT, stdio: 'pipe' });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--disable-dev-shm-usage',
    ],
  });
}, 900000);

afterAll(async () => {
  await browser?.close();
});

describe('ytk extension in code-server', () => {
  it('squiggles, lists the problem, previews the policy and applies the quick fix', async () => {
    const editor = await startCodeServer({
      vsix: VSIX,
      workspace: copyExamples(),
    });
    try {
      const page = await openEditor(editor);
      const seen = await observeProblems(page, 60000);
      expect(seen.squiggle).toBe(true);
      expect(seen.problems).toContain(RULE);
      expect(seen.problems).toContain(
        'authentication.mode: required on a cross-cluster peer',
      );

      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('F1');
      await page.waitForSelector('.quick-input-widget input');
      await page.keyboard.type('ytk: Preview policy');
      await page.waitForSelector('.quick-input-list .monaco-list-row');
      await page.keyboard.press('Enter');
      const frame = await previewFrame(page);
      const before = await rootText(frame);
      expect(before).toContain('CiliumNetworkPolicy fraud-scoring');
      expect(before).toContain('eu-west/payments/checkout-api');
      expect(before).toContain('DROPPED — mutual auth across ClusterMesh');
      await page.screenshot({
        path: path.join(ARTIFACTS, 'preview-before-fix.png'),
      });

      // Quick fix at the diagnostic: F8 goes to it, Ctrl+. opens the fixes.
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('F8');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+.');
      const fix = page.locator('.action-widget .monaco-list-row', {
        hasText: 'Set authentication.mode to disabled',
      });
      await fix.waitFor({ timeout: 15000 });
      // A pointer-block overlay sits over the menu: select by keyboard (the fix is preferred).
      await fix.hover({ force: true });
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        () =>
          (
            document.querySelector('.monaco-editor .view-lines') as HTMLElement
          )?.innerText
            .replace(/\u00a0/g, ' ')
            .includes('mode: disabled'),
        undefined,
        { timeout: 15000 },
      );
      // The preview follows the unsaved edit: the flow is no longer dropped.
      const deadline = Date.now() + 15000;
      let after = await rootText(frame);
      while (after.includes('DROPPED') && Date.now() < deadline) {
        await page.waitForTimeout(200);
        after = await rootText(frame);
      }
      expect(after).not.toContain('DROPPED');
      expect(after).toMatch(/opens 1 inbound flow/);
      // The CodeLens, checked after the first edit (it follows the fix): on first open
      // code-server sometimes shows none until the document changes (about 1 run in 3 here; see
      // docs/editor.md). Polled on a timer: Playwright's visibility wait timed out in CI.
      // Lenses are drawn only for lines in view: back to the top, where the policy starts.
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+Home');
      const lens = await page
        .waitForFunction(
          () => {
            const text = document.querySelector(
              '.monaco-editor .codelens-decoration',
            )?.textContent;
            return text?.includes('opens 1 inbound flow') ? text : undefined;
          },
          undefined,
          { timeout: 30000, polling: 250 },
        )
        .catch(async e => {
          await page.screenshot({
            path: path.join(ARTIFACTS, 'lens-missing.png'),
          });
          throw e;
        });
      expect(await lens.jsonValue()).toMatch(
        /selects 1 workload · opens 1 inbound flow/,
      );
      await page.screenshot({
        path: path.join(ARTIFACTS, 'preview-after-fix.png'),
      });
    } finally {
      await editor.stop();
    }
  });

  it('negative control: without the extension the same checks fail', async () => {
    const editor = await startCodeServer({ workspace: copyExamples() });
    try {
      const page = await openEditor(editor);
      const seen = await observeProblems(page, 8000);
      expect(seen.squiggle).toBe(false);
      expect(seen.problems).not.toContain(RULE);
    } finally {
      await editor.stop();
    }
  });
});
