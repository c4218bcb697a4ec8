// SPDX-License-Identifier: Apache-2.0
/*
 * scripts/audit.js: allow-list checks and the high/critical threshold, on canned npm output.
 * __fixtures__/npm-audit-report.json is real `npm audit --json --package-lock-only -w …`
 * output (npm 11) for this repo, made against a loopback stand-in for the advisory endpoint
 * that served five made-up advisories (GHSA-2222… qs critical, GHSA-3333… ws high,
 * GHSA-4444… ms moderate, GHSA-5555… prettier critical and GHSA-6666… semver<6.3.3 high,
 * the last two on dev-only packages).
 */
'use strict';
const {
  checkAllowlist,
  parseAuditOutput,
  advisoryId,
  evaluate,
  formatTable,
} = require('./audit');
const report = require('./__fixtures__/npm-audit-report.json');

const TODAY = '2026-12-06';

/** Shipped-package lookup as from the lockfile: these locations are in shipped packages. */
const SHIPPED_AT = {
  'node_modules/qs': ['@ytknetwork/backstage-plugin-ytk-backend'],
  'node_modules/ws': ['@ytknetwork/backstage-plugin-ytk-backend'],
  'node_modules/express/node_modules/ms': [
    '@ytknetwork/backstage-plugin-ytk-backend',
  ],
};
const shippedBy = locations => [
  ...new Set(locations.flatMap(l => SHIPPED_AT[l] ?? [])),
];

const entry = over => ({
  id: 'GHSA-3333-3333-3333',
  package: 'ws',
  reason:
    'The backend plugin never opens a WebSocket server; ws is only a client here.',
  reviewedBy: 'A. Reviewer',
  reviewBy: '2027-03-01',
  ...over,
});

describe('checkAllowlist', () => {
  it('accepts a complete entry', () => {
    const r = checkAllowlist({ advisories: [entry()] }, TODAY);
    expect(r.errors).toEqual([]);
    expect(r.entries).toHaveLength(1);
  });

  it('accepts an entry on its review-by day and fails it the day after', () => {
    expect(
      checkAllowlist({ advisories: [entry({ reviewBy: TODAY })] }, TODAY)
        .errors,
    ).toEqual([]);
    const r = checkAllowlist(
      { advisories: [entry({ reviewBy: '2026-12-05' })] },
      TODAY,
    );
    expect(r.entries).toEqual([]);
    expect(r.errors[0]).toMatch(/review-by date 2026-12-05 has passed/);
  });

  it.each([
    ['id', { id: 'CVE-2024-0001' }, /"id" must be a GHSA id/],
    ['package', { package: '' }, /"package" is required/],
    ['reason', { reason: undefined }, /"reason" is required/],
    ['a short reason', { reason: 'n/a' }, /must say why/],
    ['reviewedBy', { reviewedBy: ' ' }, /"reviewedBy" is required/],
    ['reviewBy', { reviewBy: '2027-02-30' }, /"reviewBy" must be a date/],
    ['a far reviewBy', { reviewBy: '2099-01-01' }, /more than 366 days away/],
  ])('rejects an entry with a bad %s', (_, over, message) => {
    const r = checkAllowlist({ advisories: [entry(over)] }, TODAY);
    expect(r.entries).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(message);
  });

  it('accepts an npm advisory number as id', () => {
    expect(
      checkAllowlist({ advisories: [entry({ id: '1096727' })] }, TODAY).errors,
    ).toEqual([]);
  });

  it('rejects a file without an advisories array', () => {
    expect(checkAllowlist({}, TODAY).errors[0]).toMatch(/must be an array/);
  });
});

describe('parseAuditOutput', () => {
  it('takes a report', () => {
    const r = parseAuditOutput(JSON.stringify(report));
    expect(r.ok).toBe(true);
  });

  it('reports an unreachable advisory endpoint as no data', () => {
    // What npm 11 prints when the registry refuses the bulk advisory POST.
    const out = JSON.stringify({
      message:
        '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk',
      method: 'POST',
      statusCode: 405,
      body: '',
      error: { summary: '', detail: '' },
    });
    expect(
      parseAuditOutput(out, 'npm error audit endpoint returned an error'),
    ).toEqual({
      ok: false,
      reason:
        '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk',
    });
  });

  it('reports output that is not JSON as no data', () => {
    const r = parseAuditOutput(
      '',
      'npm error code ENOLOCK\nnpm error audit This command requires an existing lockfile.',
    );
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/ENOLOCK/);
  });
});

describe('evaluate', () => {
  it('fails an unallowed high or critical advisory in a shipped package', () => {
    const { rows, errors } = evaluate(report, [], shippedBy);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^critical GHSA-2222-2222-2222 in qs/);
    expect(errors[1]).toMatch(/^high GHSA-3333-3333-3333 in ws/);
    expect(rows.map(r => [r.severity, r.package, r.status])).toEqual([
      ['critical', 'qs', 'FAIL'],
      ['high', 'ws', 'FAIL'],
      ['moderate', 'ms', 'reported'],
    ]);
  });

  it('leaves advisories on packages outside the shipped production closure out', () => {
    // prettier (critical) and semver@6 (high) are in the report, but only in dev trees.
    const { rows } = evaluate(report, [], shippedBy);
    expect(rows.map(r => r.package)).not.toContain('prettier');
    expect(rows.map(r => r.package)).not.toContain('semver');
    expect(evaluate(report, [], () => []).rows).toEqual([]);
  });

  it('lets a matching allow-list entry through and no other', () => {
    const { errors, rows, warnings } = evaluate(report, [entry()], shippedBy);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/qs/);
    expect(rows.find(r => r.package === 'ws').status).toBe(
      'allowed until 2027-03-01 (A. Reviewer)',
    );
    expect(warnings).toEqual([]);
  });

  it('does not let an entry for the same advisory on another package through', () => {
    const { errors } = evaluate(report, [entry({ package: 'qs' })], shippedBy);
    expect(errors).toHaveLength(2);
  });

  it('matches an entry by npm advisory number too', () => {
    const { errors } = evaluate(
      report,
      [entry({ id: '9000001', package: 'qs' }), entry()],
      shippedBy,
    );
    expect(errors).toEqual([]);
  });

  it('warns about an entry that is no longer reported or not needed', () => {
    const { warnings } = evaluate(
      report,
      [
        entry({ id: 'GHSA-9999-9999-9999', package: 'left-pad' }),
        entry({ id: 'GHSA-4444-4444-4444', package: 'ms' }),
      ],
      shippedBy,
    );
    expect(warnings).toEqual([
      expect.stringMatching(
        /GHSA-4444-4444-4444 \(ms\) is moderate, below high/,
      ),
      expect.stringMatching(
        /GHSA-9999-9999-9999 \(left-pad\) is no longer reported/,
      ),
    ]);
  });

  it('passes a clean report', () => {
    const clean = { auditReportVersion: 2, vulnerabilities: {}, metadata: {} };
    expect(evaluate(clean, [], shippedBy)).toEqual({
      rows: [],
      errors: [],
      warnings: [],
    });
  });
});

describe('advisoryId and formatTable', () => {
  it('prefers the GHSA id from the url', () => {
    expect(
      advisoryId({
        source: 1,
        url: 'https://github.com/advisories/GHSA-2222-2222-2222',
      }),
    ).toBe('GHSA-2222-2222-2222');
    expect(advisoryId({ source: 1096727 })).toBe('1096727');
  });

  it('prints one line per advisory under a header', () => {
    const lines = formatTable(evaluate(report, [], shippedBy).rows).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^severity\s+package\s+vulnerable\s+advisory/);
    expect(lines[1]).toMatch(
      /^critical\s+qs\s+<6\.17\.0\s+GHSA-2222-2222-2222/,
    );
  });
});

describe('exit codes of `node scripts/audit.js`', () => {
  const { spawnSync } = require('node:child_process');
  const fs = require('node:fs');
  const os = require('node:os');
  const path = require('node:path');
  const noData = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-audit-')),
    'no-data.json',
  );
  fs.writeFileSync(
    noData,
    JSON.stringify({ message: '405 Method Not Allowed - POST …/bulk' }),
  );
  const run = (...args) =>
    spawnSync(process.execPath, [path.join(__dirname, 'audit.js'), ...args], {
      encoding: 'utf8',
    });

  it('fails with 2 when there is no audit data', () => {
    const r = run('--json', noData);
    expect({ status: r.status, err: r.stderr }).toMatchObject({
      status: 2,
      err: expect.stringContaining('ERROR no vulnerability data'),
    });
  });

  it('--no-data=warn passes without data but says loudly that nothing was checked', () => {
    const r = run('--json', noData, '--no-data=warn');
    expect({ status: r.status, err: r.stderr }).toMatchObject({
      status: 0,
      err: expect.stringContaining('this run did NOT check dependencies'),
    });
  });

  it('--no-data=warn still fails on a reported critical advisory', () => {
    const r = run(
      '--json',
      path.join(__dirname, '__fixtures__/npm-audit-report.json'),
      '--no-data=warn',
    );
    expect({ status: r.status, out: r.stdout }).toMatchObject({
      status: 1,
      out: expect.stringContaining('audit: failed'),
    });
  });
});
