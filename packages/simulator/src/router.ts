// A small method + path router with `{name}` placeholders, each matching one path segment.

/**
 * A matched route: its handler and the decoded values of its placeholders.
 * @example
 * router.match('GET', '/v1/p/jobs/j')?.params; // { project_id: 'p', job_id: 'j' }
 */
export interface RouteMatch<H> {
  handler: H;
  params: Record<string, string>;
}

interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
}

function split(path: string): string[] {
  return path.split('/').slice(1);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Routes requests by exact method and path; a `{name}` segment matches any one non-empty
 * segment. No match (unknown path or wrong method) gives `undefined`.
 * @example
 * const router = new Router<string>().add('GET', '/v1/{project_id}/jobs/{job_id}', 'ecs');
 * router.match('GET', '/v1/p/jobs/abc'); // { handler: 'ecs', params: { project_id: 'p', job_id: 'abc' } }
 */
export class Router<H> {
  readonly #routes: Route<H>[] = [];

  add(method: string, template: string, handler: H): this {
    this.#routes.push({ method: method.toUpperCase(), segments: split(template), handler });
    return this;
  }

  match(method: string, pathname: string): RouteMatch<H> | undefined {
    const segments = split(pathname);
    for (const route of this.#routes) {
      if (route.method !== method.toUpperCase() || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const ok = route.segments.every((expected, i) => {
        const actual = segments[i] ?? '';
        const placeholder = /^\{([A-Za-z_]+)\}$/.exec(expected);
        if (!placeholder) return expected === actual;
        if (actual === '') return false;
        params[placeholder[1] ?? ''] = decode(actual);
        return true;
      });
      if (ok) return { handler: route.handler, params };
    }
    return undefined;
  }
}
