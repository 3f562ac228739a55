// The app, with cloud-jobs: createJobs gives the ECS client, the normalized Job and the waiter.
import { createJobs } from '@cloud-jobs/jobs';

export async function run({ baseUrl, token, projectId, jobId }) {
  const jobs = createJobs({ baseUrl, token, projectId });
  const first = await jobs.get('ecs', { jobId });
  const last = await jobs.wait('ecs', { jobId });
  return { first: first.state, last: last.state, id: last.id };
}
