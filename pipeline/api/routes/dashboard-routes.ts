import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { EaawasError } from '../../errors/eaawas-error.js';
import { defineRoute, type RouteSpec } from '../http/route-spec.js';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** Finds the web/ folder above this module, so sources (jest) and dist/ builds serve the same files. */
export function findWebRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(folder, 'web', 'index.html'))) {
      return join(folder, 'web');
    }
    const parent = dirname(folder);
    if (parent === folder) {
      throw new Error(`web/index.html not found above ${fileURLToPath(import.meta.url)}`);
    }
    folder = parent;
  }
}

async function readAsset(path: string, hint: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new EaawasError('NOT_FOUND', `Dashboard asset not found; ${hint}`, { cause: error });
  }
}

/**
 * GET / and GET /assets/{file}: the dashboard page and its compiled scripts. Both are open without
 * an API key because they contain no data; the page prompts for a key when the API responds with 401.
 */
export function createDashboardRoutes(webRoot: string): RouteSpec[] {
  const page = defineRoute({
    method: 'get',
    path: '/',
    operationId: 'getDashboard',
    summary: 'The dashboard page',
    tag: 'dashboard',
    public: true,
    responses: {
      200: { description: 'HTML page; its scripts read only this API.', contentType: 'text/html' },
    },
    async handle(c) {
      const html = await readAsset(join(webRoot, 'index.html'), 'the web/ folder is incomplete.');
      return c.body(new Uint8Array(html), 200, {
        'Content-Type': CONTENT_TYPES['.html'] as string,
        'Cache-Control': 'no-cache',
      });
    },
  });

  const asset = defineRoute({
    method: 'get',
    path: '/assets/{file}',
    operationId: 'getDashboardAsset',
    summary: 'A compiled dashboard script or the stylesheet',
    tag: 'dashboard',
    public: true,
    hidden: true,
    // Only plain file names reach the file system, so no path can leave web/.
    params: z
      .object({
        file: z.string().regex(/^[a-z0-9-]+\.(?:js|css|js\.map)$/, 'must be a dashboard asset name'),
      })
      .strict(),
    responses: { 200: { description: 'The asset.', contentType: 'text/javascript' } },
    async handle(c, { params }) {
      const extension = params.file.slice(params.file.lastIndexOf('.'));
      const path = extension === '.css' ? join(webRoot, params.file) : join(webRoot, 'dist', params.file);
      const content = await readAsset(path, 'build the dashboard scripts with `npm run build`.');
      return c.body(new Uint8Array(content), 200, {
        'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
      });
    },
  });
  return [page, asset];
}
