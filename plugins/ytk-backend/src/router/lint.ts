import { InputError } from '@backstage/errors';
import { decodeText, lint, type LintResponse } from '@ytknetwork/common';
import express, { type Router } from 'express';
import { z } from 'zod';
import { parseInput, requestContext, type RouterDeps } from './context';

const jsonBody = z.object({ yaml: z.string() }).strict();
const query = z.object({ cluster: z.string().min(1).optional() }).strict();

const YAML_TYPES = ['text/*', 'application/yaml', 'application/x-yaml'];

/**
 * POST /lint: a YAML body (text, or JSON `{yaml}`) linted against the live overlay.
 * Bodies over `ytk.lint.maxBodyBytes` are refused by the body parser with 413.
 */
export function lintRoutes(router: Router, deps: RouterDeps) {
  const limit = deps.config.lint.maxBodyBytes;
  router.post(
    '/lint',
    express.text({ type: YAML_TYPES, limit }),
    express.json({ limit }),
    async (req, res) => {
      const q = parseInput(query, req.query, 'query parameter');
      const ctx = await requestContext(deps, req);
      let text: string;
      if (typeof req.body === 'string') text = req.body;
      else if (req.is('application/json')) {
        text = parseInput(jsonBody, req.body, 'body').yaml;
      } else {
        throw new InputError(
          'Invalid body: send YAML as text/yaml or JSON {"yaml": "..."}',
        );
      }
      const decoded = decodeText(text, 'inmemory://lint/request.yaml', {
        limits: { maxBytes: limit },
      });
      const state = q.cluster
        ? ctx.overlay.clusters.find(c => c.name === q.cluster)
        : undefined;
      if (q.cluster && !state) {
        throw new InputError(
          `Invalid query parameter 'cluster': unknown cluster '${q.cluster}'`,
        );
      }
      const findings = lint(decoded, {
        overlay: ctx.overlay,
        ...(state
          ? {
              cluster: state.name,
              enforcer: state.enforcer,
              ciliumVersion: state.cilium?.version,
            }
          : {}),
      });
      const body: LintResponse = { findings };
      res.json(body);
    },
  );
}
