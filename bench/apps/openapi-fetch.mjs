// The floor: openapi-fetch alone (untyped here), hand-written normalize and loop.
import createClient from 'openapi-fetch';
import { normalizeEcsJob, waitLoop } from './handwritten.mjs';

export async function run({ baseUrl, token, projectId, jobId, firstDelayMs }) {
  const client = createClient({ baseUrl, headers: { 'X-Auth-Token': token } });
  const get = async () => {
    const { data, error, response } = await client.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { project_id: projectId, job_id: jobId } } });
    if (!data) throw new Error(`HTTP ${response.status}: ${JSON.stringify(error)}`);
    return normalizeEcsJob(data, jobId);
  };
  const first = await get();
  const last = await waitLoop(get, { firstDelayMs });
  return { first: first.state, last: last.state, id: last.id };
}
