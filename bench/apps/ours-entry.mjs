// The app, with cloud-jobs' per-service entry: the ECS client, its descriptor, one read and a wait.
import { createEcsClient } from '@cloud-jobs/ecs';
import { fetchJob, waitForJob } from '@cloud-jobs/jobs';
import { ecs } from '@cloud-jobs/jobs/ecs';

export async function run({ baseUrl, token, projectId, jobId }) {
  const client = createEcsClient({ baseUrl, token });
  const ref = { jobId, projectId };
  const first = await fetchJob(ecs, client, ref);
  const last = await waitForJob(({ signal }) => fetchJob(ecs, client, ref, { signal }), { ref: { service: ecs.name, ...ref } });
  return { first: first.state, last: last.state, id: last.id };
}
