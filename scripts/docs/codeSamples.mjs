// The code samples of every operation (Redoc's `x-codeSamples`), made at docs-build time from one
// source so they cannot drift: the operation, its parameters and servers in the spec, and the
// service's descriptor in the built @cloud-jobs/jobs registry (name, scope, client factory).
// Never written into specs/*.yaml. packages/docs/test/samples.test.ts compiles every TypeScript one.

/**
 * @typedef {{ lang: string, label: string, source: string }} CodeSample
 * @typedef {{ name: string, scope: string, createClient: Function, refFields?: readonly { name: string }[] }} Descriptor
 */

/** The first server's URL with its variables at their defaults, and its region variable. */
export function defaultServer(spec) {
  const server = spec.servers?.[0];
  if (!server?.url) throw new Error(`${spec.info?.title ?? 'spec'}: no servers[0].url to build code samples from`);
  const variables = server.variables ?? {};
  const url = String(server.url).replace(/\{([^}]+)\}/g, (whole, name) => String(variables[name]?.default ?? whole));
  return { url: url.replace(/\/+$/, ''), region: variables.region?.default === undefined ? undefined : String(variables.region.default) };
}

/** An example value of a parameter: its example, its schema's example or default, or its first enum value. */
function exampleOf(param) {
  const schema = param.schema ?? {};
  const examples = Object.values(param.examples ?? {}).map((e) => e?.value);
  for (const v of [param.example, ...examples, schema.example, schema.default, schema.enum?.[0]]) if (v !== undefined && v !== null) return v;
  return schema.type === 'integer' || schema.type === 'number' ? 1 : `<${param.name}>`;
}

/** The job ID parameter of a job read: the required one named like a job or task, else the last required one. */
function jobIdParam(params) {
  const required = params.filter((p) => p.required && p.in !== 'header' && !/project/i.test(p.name));
  return required.find((p) => /job|task/i.test(p.name)) ?? required[required.length - 1];
}

/** A JS literal for a parameter value of the given schema type. */
function literal(value, schema) {
  if ((schema?.type === 'integer' || schema?.type === 'number') && typeof value === 'number') return String(value);
  return `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `'a b'` for the shell (single quotes, an inner quote closed and escaped). */
function shellQuote(value) {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The samples of one operation: the typed client call, the wait through @cloud-jobs/jobs, the CLI
 * line, and curl with a token and with AK/SK.
 * @param {{ descriptor: Descriptor, packageName: string, factory: string, spec: any, method: string, path: string, op: any, pathItem?: any }} input
 * @returns {CodeSample[]}
 */
export function codeSamples({ descriptor, packageName, factory, spec, method, path, op, pathItem }) {
  const { url, region } = defaultServer(spec);
  const params = [...(pathItem?.parameters ?? []), ...(op.parameters ?? [])].filter((p) => p && typeof p === 'object' && p.in);
  const byIn = (where) => params.filter((p) => p.in === where && p.required);
  const project = params.find((p) => p.in === 'path' && /project/i.test(p.name));
  const jobParam = jobIdParam(params);
  const jobId = jobParam ? String(exampleOf(jobParam)) : '<job-id>';
  const projectId = project ? String(exampleOf(project)) : undefined;
  const regionLine = region ? `region: '${region}', ` : '';

  // Typed client: the documented request, every required path and query parameter.
  const groups = ['path', 'query', 'header']
    .map((where) => [where, byIn(where)])
    .filter(([, list]) => list.length > 0)
    .map(([where, list]) => `${where}: { ${list.map((p) => `${/^[A-Za-z_$][\w$]*$/.test(p.name) ? p.name : `'${p.name}'`}: ${literal(exampleOf(p), p.schema)}`).join(', ')} }`);
  // One parameter group a line: the code panel is narrow.
  const call = `client.${method.toUpperCase()}('${path}'${groups.length ? `, {\n  params: {\n${groups.map((g) => `    ${g},`).join('\n')}\n  },\n}` : ''})`;
  const client = [
    `import { ${factory} } from '${packageName}';`,
    '',
    'const token = process.env.OS_AUTH_TOKEN;',
    "if (!token) throw new Error('set OS_AUTH_TOKEN to an IAM token');",
    `const client = ${factory}({ ${regionLine}token });`,
    `const { data, error, response } = await ${call};`,
    'if (error) throw new Error(`HTTP ${response.status}: ${JSON.stringify(error)}`);',
    'console.log(data);',
    '',
  ].join('\n');

  // A reference's own fields (descriptor.refFields, e.g. an instance ID) come from the path parameter
  // of the same name in snake case (instanceId -> instance_id), as the CLI's flags do in kebab case.
  const snake = (name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const refFields = (descriptor.refFields ?? []).map(({ name }) => {
    const param = params.find((p) => p.name === snake(name));
    return { name, value: param ? String(exampleOf(param)) : `<${kebab(name)}>` };
  });
  const refParts = [`jobId: '${jobId}'`, ...refFields.map((f) => `${f.name}: '${f.value}'`), ...(descriptor.scope === 'project' && projectId !== undefined ? [`projectId: '${projectId}'`] : [])];
  const ref = `{ ${refParts.join(', ')} }`;
  const wait = [
    "import { createJobs } from '@cloud-jobs/jobs';",
    '',
    "// A token; or auth: createAkSkAuth(...) / createIamAuth(...); or createJobsFromEnv() of '@cloud-jobs/jobs/env'.",
    'const token = process.env.OS_AUTH_TOKEN;',
    "if (!token) throw new Error('set OS_AUTH_TOKEN to an IAM token');",
    `const jobs = createJobs({ ${regionLine}token });`,
    `const job = await jobs.wait('${descriptor.name}', ${ref}, {`,
    '  timeoutMs: 10 * 60_000,',
    "  onProgress: (j) => console.log(j.state, j.progress ?? ''),",
    '});',
    "console.log(job.state, job.resource); // 'succeeded'; a failed job rejects with JobFailedError",
    '',
  ].join('\n');

  const cliArgs = [`cloud-jobs wait ${descriptor.name} ${shellQuote(jobId)}`];
  for (const f of refFields) cliArgs.push(`--${kebab(f.name)} ${shellQuote(f.value)}`);
  if (descriptor.scope === 'project' && projectId !== undefined) cliArgs.push(`--project-id ${shellQuote(projectId)}`);
  if (region) cliArgs.push(`--region ${region}`);
  const cli = [
    '# token',
    `OS_AUTH_TOKEN=... ${cliArgs.join(' ')}`,
    '# AK/SK (the CLI signs every request)',
    `HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=...${descriptor.scope === 'global' ? ' HUAWEICLOUD_SDK_DOMAIN_ID=...' : ''} ${cliArgs.join(' ')}`,
    '# against the local simulator (npm start)',
    `OS_AUTH_TOKEN=demo ${cliArgs.filter((a) => !a.startsWith('--region')).join(' ')} --endpoint http://127.0.0.1:4010`,
    '',
  ].join('\n');

  const pathValues = Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, String(exampleOf(p))]));
  const concretePath = path.replace(/\{([^}]+)\}/g, (whole, name) => encodeURIComponent(pathValues[name] ?? whole));
  const query = byIn('query').map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(exampleOf(p)))}`).join('&');
  const target = `${url}${concretePath}${query ? `?${query}` : ''}`;
  const curlToken = [`curl -s ${shellQuote(target)} \\`, `  -H "X-Auth-Token: $OS_AUTH_TOKEN"`, ''].join('\n');
  const scopeHeader = descriptor.scope === 'global' ? '  -H "X-Domain-Id: $HUAWEICLOUD_SDK_DOMAIN_ID" \\' : projectId !== undefined ? `  -H "X-Project-Id: ${projectId}" \\` : undefined;
  const curlAkSk = [
    '# AK/SK: the Authorization header carries an SDK-HMAC-SHA256 signature of this exact request',
    '# (method, path, query, signed headers, X-Sdk-Date), which curl cannot compute: make $SIGNATURE',
    '# with the signing guide of the API Gateway, or let the CLI or createAkSkAuth sign.',
    'SDK_DATE=$(date -u +%Y%m%dT%H%M%SZ)',
    `curl -s ${shellQuote(target)} \\`,
    '  -H "X-Sdk-Date: $SDK_DATE" \\',
    ...(scopeHeader ? [scopeHeader] : []),
    `  -H "Authorization: SDK-HMAC-SHA256 Access=$HUAWEICLOUD_SDK_AK, SignedHeaders=host;x-sdk-date${scopeHeader ? (descriptor.scope === 'global' ? ';x-domain-id' : ';x-project-id') : ''}, Signature=$SIGNATURE"`,
    '',
  ].join('\n');

  return [
    { lang: 'TypeScript', label: 'Typed client', source: client },
    { lang: 'TypeScript', label: 'Wait (@cloud-jobs/jobs)', source: wait },
    { lang: 'Shell', label: 'CLI', source: cli },
    { lang: 'Shell', label: 'curl (token)', source: curlToken },
    { lang: 'Shell', label: 'curl (AK/SK)', source: curlAkSk },
  ];
}

/**
 * The client package and factory of a registered service: `@cloud-jobs/<name>` and the name of
 * its descriptor's `createClient` (e.g. `createServiceStageClient`), checked against the package's exports.
 * @param {Descriptor} descriptor
 * @param {(specifier: string) => Promise<Record<string, unknown>>} importPackage
 */
export async function clientOf(descriptor, importPackage) {
  const packageName = `@cloud-jobs/${descriptor.name}`;
  const factory = descriptor.createClient?.name;
  if (!factory || !/^create\w+Client$/.test(factory)) {
    throw new Error(`${descriptor.name}: its descriptor's createClient has no create<Service>Client name (got ${JSON.stringify(factory)}); the code samples name it`);
  }
  const exports = await importPackage(packageName).catch((err) => {
    throw new Error(`${descriptor.name}: cannot load ${packageName} for its code samples (${String(err?.message ?? err).split('\n')[0]}); build it first`);
  });
  if (typeof exports[factory] !== 'function') throw new Error(`${packageName} does not export ${factory} (the factory of its descriptor)`);
  return { packageName, factory };
}

/**
 * Adds `x-codeSamples` to every operation of the page's copy of `spec`; returns how many operations got them.
 * @param {any} spec
 * @param {{ descriptor: Descriptor, packageName: string, factory: string }} service
 * @param {readonly string[]} methods
 */
export function addCodeSamples(spec, service, methods) {
  let count = 0;
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of methods) {
      const op = item?.[method];
      if (!op) continue;
      op['x-codeSamples'] = codeSamples({ ...service, spec, method, path, op, pathItem: item });
      count += 1;
    }
  }
  return count;
}
