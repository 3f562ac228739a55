// The "Try it" panel of every reference page. Served by `npm start` (scripts/docs/server.mjs), the
// page finds `../_try/config.json` (the simulator's URL and a demo job per service) and sends the
// documented request for that job through the docs server's same-origin proxy (`../_try/sim/...`),
// showing the live answer. Anywhere else (file://, another static server) the panel says how to
// start the simulator: site/_try/config.json, built with no simulator, answers a plain static server
// (so the page logs no 404), and the docs server answers that path with the live one. Server-rendered, so its explanation reads without JavaScript too.
import { esc } from './layout.mjs';
import { scriptJson } from './portal.mjs';

/** Where the panel's script lives, relative to site/. */
export const TRYIT_ASSET = 'assets/tryit.js';

export const TRYIT_CSS = `
.cj-tryit { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; border-bottom: 1px solid #d6dde6; background: #f4f7fb; color: #1b1f24; padding: .5rem 1rem; }
.cj-tryit summary { cursor: pointer; font-weight: 600; }
.cj-tryit [hidden] { display: none !important; }
.cj-tryit p { margin: .4rem 0; max-width: 60rem; }
.cj-tryit code, .cj-tryit pre, .cj-tryit input { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
.cj-tryit form { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; margin: .4rem 0; }
.cj-tryit input { flex: 1 1 16rem; min-width: 0; padding: .35rem .5rem; border: 1px solid #b8c2cf; border-radius: 4px; }
.cj-tryit button { padding: .35rem .9rem; border-radius: 4px; border: 1px solid #0b5cad; background: #0b5cad; color: #fff; font: inherit; cursor: pointer; }
.cj-tryit pre { background: #fff; border: 1px solid #d6dde6; border-radius: 4px; padding: .5rem .75rem; max-height: 24rem; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
`;

/**
 * The panel's markup for one service page.
 * @param {{ service: string }} input
 */
export function tryItPanel({ service }) {
  return `
<details class="cj-tryit" id="try-it" data-service="${esc(service)}">
  <summary>Try it against the local simulator</summary>
  <p class="cj-tryit-offline" data-state="offline">This page is not served by <code>npm start</code>, so there is no simulator to call from here.
    To send this page's request to a live job: in the repository run <code>npm start</code> (it builds
    everything, starts the simulator of every job API with demo jobs on <code>http://127.0.0.1:4010</code> and serves these docs on
    <code>http://127.0.0.1:4000/</code>), then open this page from the docs URL it prints. Or call the simulator yourself:
    <code>npx cloud-jobs-sim --seed-demo</code>.</p>
  <form class="cj-tryit-form" hidden>
    <label for="cj-tryit-path">GET</label>
    <input id="cj-tryit-path" name="path" spellcheck="false" aria-label="Request path and query">
    <button type="submit">Send</button>
  </form>
  <p class="cj-tryit-note" hidden></p>
  <pre class="cj-tryit-answer" aria-live="polite" hidden></pre>
</details>
<script type="application/json" id="cj-tryit-data">${scriptJson({ service })}</script>
<script src="../${TRYIT_ASSET}" defer></script>`;
}

/** site/_try/config.json as built: no simulator (the docs server of `npm start` answers this path itself). */
export const OFFLINE_CONFIG = { simulator: null, jobs: {} };

/** site/assets/tryit.js. */
export const TRYIT_SCRIPT = `// The reference pages' "Try it" panel (see scripts/docs/tryIt.mjs).
(() => {
  const panel = document.getElementById('try-it');
  if (!panel) return;
  const { service } = JSON.parse(document.getElementById('cj-tryit-data').textContent);
  const offline = panel.querySelector('.cj-tryit-offline');
  const form = panel.querySelector('.cj-tryit-form');
  const input = panel.querySelector('#cj-tryit-path');
  const note = panel.querySelector('.cj-tryit-note');
  const answer = panel.querySelector('.cj-tryit-answer');
  if (!/^https?:$/.test(location.protocol)) return;
  fetch('../_try/config.json', { headers: { Accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status))))
    .then((config) => {
      const job = config.simulator && config.jobs && config.jobs[service];
      if (!job) return;
      offline.hidden = true;
      form.hidden = false;
      note.hidden = false;
      note.textContent = 'Demo job ' + job.id + ' (' + job.detail + ') on the simulator at ' + config.simulator + '; the request carries X-Auth-Token: demo.';
      input.value = job.path;
      panel.dataset.state = 'online';
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const path = input.value.startsWith('/') ? input.value : '/' + input.value;
        answer.hidden = false;
        answer.textContent = 'GET ' + path + ' ...';
        fetch('../_try/sim' + path, { headers: { Accept: 'application/json', 'X-Auth-Token': 'demo' } })
          .then(async (r) => {
            const text = await r.text();
            let shown = text;
            try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch {}
            answer.dataset.status = String(r.status);
            answer.textContent = 'HTTP ' + r.status + '\\n' + shown;
          })
          .catch((err) => { answer.textContent = 'The simulator did not answer: ' + err.message; });
      });
    })
    .catch(() => {});
})();
`;
