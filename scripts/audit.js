#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
/*
 * `npm run audit`: fail on a known high or critical vulnerability in the production
 * dependencies of the shipped packages (scripts/prodTree.js), unless audit-allowlist.json at the
 * repo root holds a reviewed, unexpired entry for it. See docs/supply-chain.md.
 *
 * Runs `npm audit --json --omit=dev --package-lock-only -w <each shipped workspace>`, keeps the
 * advisories on packages in the shipped production closure (npm's -w also takes a workspace's
 * devDependencies in), and prints one table row per advisory and package.
 *
 * Exit 0: nothing high/critical unallowed. Exit 1: an unallowed high/critical advisory, or an
 * allow-list entry that is malformed or past its review-by date. Exit 2: no audit data (npm
 * could not reach the registry's advisory endpoint, or failed otherwise): never a silent pass.
 * An allow-list entry that npm no longer reports is a warning (remove it).
 *
 *   node scripts/audit.js [--json FILE] [--no-data=fail|warn]
 *     --json FILE       canned `npm audit --json` output instead of npm
 *     --no-data=warn    exit 0 (with a banner saying nothing was checked) when there is no audit
 *                       data. `npm test` uses it: a registry mirror without the advisory endpoint
 *                       must not fail every test run, but must never look like a pass either.
 *                       Findings, allow-list errors and expired entries still fail.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const {
  readLock,
  productionClosure,
  shippedWorkspaces,
  npmCommand,
  root,
} = require('./prodTree');

const SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical'];
const FAIL_AT = 'high';
/** An allow-list entry may be trusted for at most this long before it must be reviewed again. */
const MAX_REVIEW_DAYS = 366;
const GHSA = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const rank = s => SEVERITIES.indexOf(s);
const isoDay = d => d.toISOString().slice(0, 10);

/**
 * Check the allow-list. Returns the valid entries and an error per malformed or expired one.
 * @param {unknown} doc   parsed audit-allowlist.json
 * @param {string} today  YYYY-MM-DD (UTC)
 */
function checkAllowlist(doc, today) {
  const errors = [];
  const entries = [];
  const list = doc?.advisories;
  if (!Array.isArray(list)) {
    return {
      entries,
      errors: ['audit-allowlist.json: "advisories" must be an array'],
    };
  }
  const latest = isoDay(new Date(Date.parse(today) + MAX_REVIEW_DAYS * 864e5));
  list.forEach((e, i) => {
    const where = `audit-allowlist.json advisories[${i}]${e?.id ? ` (${e.id})` : ''}`;
    const problems = [];
    if (typeof e?.id !== 'string' || !(GHSA.test(e.id) || /^\d+$/.test(e.id))) {
      problems.push(
        '"id" must be a GHSA id (GHSA-xxxx-xxxx-xxxx) or npm advisory number',
      );
    }
    for (const key of ['package', 'reason', 'reviewedBy']) {
      if (typeof e?.[key] !== 'string' || !e[key].trim()) {
        problems.push(`"${key}" is required`);
      }
    }
    if (typeof e?.reason === 'string' && e.reason.trim().length < 20) {
      problems.push(
        '"reason" must say why it does not apply or cannot be fixed',
      );
    }
    const validDate =
      typeof e?.reviewBy === 'string' &&
      DATE.test(e.reviewBy) &&
      isoDay(new Date(`${e.reviewBy}T00:00:00Z`)) === e.reviewBy;
    if (!validDate) {
      problems.push('"reviewBy" must be a date YYYY-MM-DD');
    } else if (e.reviewBy < today) {
      problems.push(
        `review-by date ${e.reviewBy} has passed: review it again (new date) or remove it`,
      );
    } else if (e.reviewBy > latest) {
      problems.push(
        `"reviewBy" ${e.reviewBy} is more than ${MAX_REVIEW_DAYS} days away (latest ${latest})`,
      );
    }
    if (problems.length) errors.push(`${where}: ${problems.join('; ')}`);
    else entries.push(e);
  });
  return { entries, errors };
}

/**
 * Make sense of `npm audit --json` output. npm exits non-zero both when it finds
 * vulnerabilities and when it cannot audit, so the JSON decides.
 * @returns {{ok: true, report: object} | {ok: false, reason: string}}
 */
function parseAuditOutput(stdout, stderr = '') {
  let doc;
  try {
    doc = JSON.parse(stdout);
  } catch {
    const last = stderr.trim().split('\n').slice(-3).join(' / ');
    return {
      ok: false,
      reason: `npm audit printed no JSON${last ? `: ${last}` : ''}`,
    };
  }
  if (doc && typeof doc.vulnerabilities === 'object' && doc.vulnerabilities) {
    return { ok: true, report: doc };
  }
  const reason =
    doc?.message ||
    doc?.error?.summary ||
    doc?.error?.detail ||
    JSON.stringify(doc).slice(0, 300);
  return { ok: false, reason: String(reason) };
}

/** GHSA id of an advisory (from its url), else its npm advisory number. */
function advisoryId(via) {
  const m = /GHSA(-[0-9a-z]{4}){3}/i.exec(via.url ?? '');
  return m ? m[0] : String(via.source);
}

/**
 * Apply threshold and allow-list to an `npm audit --json` (auditReportVersion 2) report.
 * @param report      parsed npm audit JSON
 * @param entries     valid allow-list entries (checkAllowlist)
 * @param shippedBy   (locations: string[]) => string[]: the shipped packages that contain any of
 *                    these lockfile locations; an empty answer means out of scope (dev only)
 * @returns {{rows: object[], errors: string[], warnings: string[]}}
 */
function evaluate(report, entries, shippedBy) {
  const rows = [];
  const errors = [];
  const warnings = [];
  const used = new Set();
  for (const vuln of Object.values(report.vulnerabilities ?? {})) {
    const shipped = shippedBy(vuln.nodes ?? []);
    if (!shipped.length) continue;
    for (const via of vuln.via ?? []) {
      // A string names another vulnerable package whose own entry carries the advisory.
      if (typeof via !== 'object' || !via) continue;
      const id = advisoryId(via);
      const pkg = via.name ?? vuln.name;
      const severity = SEVERITIES.includes(via.severity)
        ? via.severity
        : vuln.severity;
      const entry = entries.find(
        e =>
          (e.id.toUpperCase() === id.toUpperCase() ||
            e.id === String(via.source)) &&
          e.package === pkg,
      );
      let status;
      if (rank(severity) < rank(FAIL_AT)) {
        status = entry ? 'below threshold (entry not needed)' : 'reported';
      } else if (entry) {
        status = `allowed until ${entry.reviewBy} (${entry.reviewedBy})`;
      } else {
        status = 'FAIL';
        errors.push(
          `${severity} ${id} in ${pkg} ${via.range ?? ''} (${via.title ?? 'no title'}), ` +
            `shipped in ${shipped.join(', ')}: upgrade it, or add a reviewed entry to audit-allowlist.json`,
        );
      }
      if (entry) used.add(entry);
      if (entry && rank(severity) < rank(FAIL_AT)) {
        warnings.push(
          `audit-allowlist.json: ${entry.id} (${entry.package}) is ${severity}, below ${FAIL_AT}: remove the entry`,
        );
      }
      rows.push({
        severity,
        package: pkg,
        range: via.range ?? vuln.range ?? '',
        id,
        title: via.title ?? '',
        url: via.url ?? '',
        shipped,
        fix: vuln.fixAvailable ? 'yes' : 'no',
        status,
      });
    }
  }
  for (const e of entries) {
    if (!used.has(e)) {
      warnings.push(
        `audit-allowlist.json: ${e.id} (${e.package}) is no longer reported for the shipped packages: remove the entry`,
      );
    }
  }
  rows.sort(
    (a, b) =>
      rank(b.severity) - rank(a.severity) || a.package.localeCompare(b.package),
  );
  return {
    rows,
    errors: [...new Set(errors)],
    warnings: [...new Set(warnings)],
  };
}

/** Plain-text table of rows. */
function formatTable(rows) {
  if (!rows.length)
    return '(no advisories reported for the shipped production dependencies)';
  const cols = [
    ['severity', r => r.severity],
    ['package', r => r.package],
    ['vulnerable', r => r.range],
    ['advisory', r => r.id],
    ['fix', r => r.fix],
    ['shipped in', r => r.shipped.join(', ')],
    ['status', r => r.status],
    ['title', r => r.title],
  ];
  const cells = [
    cols.map(([h]) => h),
    ...rows.map(r => cols.map(([, f]) => String(f(r)))),
  ];
  const widths = cols.map((_, i) =>
    Math.min(60, Math.max(...cells.map(c => c[i].length))),
  );
  return cells
    .map(c =>
      c
        .map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i])))
        .join('  '),
    )
    .join('\n');
}

/** (locations) => shipped package names containing them, from the lockfile closure. */
function shippedByFromLock(lock, workspaces) {
  const closure = productionClosure(
    lock,
    workspaces.map(w => w.dir),
  );
  const nameOf = new Map(workspaces.map(w => [w.dir, w.name]));
  return locations => {
    const names = new Set();
    for (const loc of locations) {
      for (const dir of closure.get(loc)?.from ?? [])
        names.add(nameOf.get(dir));
    }
    return [...names].sort();
  };
}

function runNpmAudit(workspaces) {
  const [cmd, pre] = npmCommand();
  const args = [
    ...pre,
    'audit',
    '--json',
    '--omit=dev',
    '--package-lock-only',
    ...workspaces.flatMap(w => ['-w', w.name]),
  ];
  const r = spawnSync(cmd, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error)
    return { ok: false, reason: `could not run npm: ${r.error.message}` };
  return parseAuditOutput(r.stdout, r.stderr);
}

function main(argv) {
  const today = isoDay(new Date());
  const allowPath = path.join(root, 'audit-allowlist.json');
  const allow = checkAllowlist(
    JSON.parse(fs.readFileSync(allowPath, 'utf8')),
    today,
  );
  const workspaces = shippedWorkspaces();
  console.log(
    `audit: shipped packages: ${workspaces.map(w => w.name).join(', ')}`,
  );

  const i = argv.indexOf('--json');
  const result =
    i >= 0
      ? parseAuditOutput(fs.readFileSync(argv[i + 1], 'utf8'))
      : runNpmAudit(workspaces);
  for (const e of allow.errors) console.error(`audit: ERROR ${e}`);
  if (!result.ok) {
    const warnOnly = argv.includes('--no-data=warn');
    console.error(
      `audit: ${warnOnly ? 'NOT CHECKED' : 'ERROR'} no vulnerability data, so nothing was checked: ${result.reason}\n` +
        "audit: npm audit needs the registry's advisory endpoint (POST /-/npm/v1/security/advisories/bulk); " +
        (warnOnly
          ? 'run `npm run audit` where that endpoint answers: this run did NOT check dependencies.'
          : 'run it where that endpoint answers. Failing rather than passing unchecked.'),
    );
    if (warnOnly && allow.errors.length === 0) return 0;
    return allow.errors.length ? 1 : 2;
  }
  const { rows, errors, warnings } = evaluate(
    result.report,
    allow.entries,
    shippedByFromLock(readLock(), workspaces),
  );
  console.log(formatTable(rows));
  for (const w of warnings) console.warn(`audit: WARNING ${w}`);
  for (const e of errors) console.error(`audit: FAIL ${e}`);
  const failed = errors.length + allow.errors.length;
  console.log(
    failed
      ? `audit: failed (${errors.length} unallowed ${FAIL_AT}/critical, ${allow.errors.length} allow-list errors)`
      : `audit: ok (${rows.length} advisories reported, none ${FAIL_AT}/critical unallowed)`,
  );
  return failed ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`audit: ERROR ${e.message}`);
    process.exitCode = 2;
  }
}

module.exports = {
  SEVERITIES,
  FAIL_AT,
  MAX_REVIEW_DAYS,
  checkAllowlist,
  parseAuditOutput,
  advisoryId,
  evaluate,
  formatTable,
  shippedByFromLock,
};
