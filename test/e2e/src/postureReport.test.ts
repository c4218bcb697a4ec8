import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { repoRoot } from './portal';

const artifacts = join(repoRoot, 'artifacts/e2e');
const STEP = 60_000;

/** `ytk posture` on the bundled example: exit 1 (some requirement is not met) and the report. */
function posture(format: 'html' | 'json'): string {
  const run = spawnSync(
    process.execPath,
    [
      join(repoRoot, 'packages/cli/bin/ytk'),
      'posture',
      '--clusters-from-dirs',
      join(repoRoot, 'examples/overlay'),
      '--format',
      format,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 1)
    throw new Error(
      `ytk posture --format ${format}: exit ${run.status}\n${run.stderr}`,
    );
  return run.stdout;
}

describe('ytk posture --format html in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'ytk-posture-'));
    browser = await launchBrowser();
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'renders offline from the file alone, holds every result of the JSON report, and prints',
    async () => {
      const json = JSON.parse(posture('json')) as {
        summary: unknown[];
        residualRisk: unknown[];
        results: unknown[];
      };
      const file = join(dir, 'posture.html');
      writeFileSync(file, posture('html'));
      const url = pathToFileURL(file).href;

      const context = await browser.newContext();
      // No network at all, and every request the page makes is seen: only the file itself may load.
      await context.setOffline(true);
      const requested: string[] = [];
      context.on('request', r => {
        requested.push(r.url());
      });
      await context.route('**/*', route =>
        route.request().url() === url ? route.continue() : route.abort(),
      );
      const page = await context.newPage();
      try {
        const response = await page.goto(url, { timeout: STEP });
        expect(response === null || response.ok()).toBe(true);
        await expect(page.title()).resolves.toBe('Security posture');
        expect(requested.filter(u => u !== url)).toEqual([]);

        // One row per result in the requirement tables, as many as the JSON report has.
        const resultRows = page.locator('section[id] table tbody tr');
        await expect(resultRows.count()).resolves.toBe(json.results.length);
        expect(json.results.length).toBeGreaterThan(0);
        const summaryRows = page.locator(
          'h2:text-is("Summary") + table tbody tr',
        );
        await expect(summaryRows.count()).resolves.toBe(json.summary.length);
        const riskRows = page.locator(
          'h2:text-is("Residual risk (STRIDE)") + table tbody tr',
        );
        await expect(riskRows.count()).resolves.toBe(json.residualRisk.length);
        // Statuses carry their print-safe colour classes.
        await expect(
          page.locator('section[id] .status.s-not-met').count(),
        ).resolves.toBeGreaterThan(0);

        // Prints: the print stylesheet applies and a PDF comes out.
        await page.emulateMedia({ media: 'print' });
        await expect(
          page.evaluate(() => getComputedStyle(document.body).marginTop),
        ).resolves.toBe('0px');
        const pdf = await page.pdf({ format: 'A4' });
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(pdf.length).toBeGreaterThan(10_000);
        writeFileSync(join(artifacts, 'posture-report.pdf'), pdf);
        expect(requested.filter(u => u !== url)).toEqual([]);
      } finally {
        await context.close();
      }
    },
    STEP * 2,
  );
});
