// The public surface of @cloud-jobs/dms: every runtime export of its built entry, checked against
// api-surface.json so that a change to it shows up in review. After a deliberate change:
//   npm run build && UPDATE_API_SURFACE=1 npx vitest run test/api-surface.test.ts
import { describe, expect, it } from 'vitest';
import { checkApiSurface } from '../../../test-utils/apiSurface.js';

describe('public surface', () => {
  it('the built entries export exactly what api-surface.json lists', async () => {
    const { actual, expected } = await checkApiSurface(new URL('..', import.meta.url));
    expect(actual).toEqual(expected);
  });
});
