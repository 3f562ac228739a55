// The app with the official SDK (AK/SK signing), hand-written normalize and loop.
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { EcsClient, ShowJobRequest } from '@huaweicloud/huaweicloud-sdk-ecs';
import { normalizeEcsJob, waitLoop } from './handwritten.mjs';

export async function run({ baseUrl, ak, sk, projectId, jobId, firstDelayMs }) {
  const credentials = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(projectId);
  const client = EcsClient.newBuilder().withCredential(credentials).withEndpoint(baseUrl).build();
  const get = async () => {
    const res = await client.showJob(new ShowJobRequest(jobId));
    return normalizeEcsJob(res, jobId);
  };
  const first = await get();
  const last = await waitLoop(get, { firstDelayMs });
  return { first: first.state, last: last.state, id: last.id };
}
