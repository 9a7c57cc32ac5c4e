/* Buurtwerk's service worker (issue 14; see buurtwerk/offline.py and the
 * README's "Offline" section). Rendered by Django at /sw.js, so that the
 * static files' names and the URLs come from the server.
 *
 * - The app shell (CSS, JS, icons, the offline pages) is precached with
 *   Workbox's precaching; a new version replaces it.
 * - Today's pages (My day, today's rounds, the conversation form of each
 *   of their doors) are kept in a cache named after the day, filled when
 *   a page with data-offline-today asks ("prepare"), and only those;
 *   other days' caches are deleted. Opened without a connection, a kept
 *   page is shown with fresh one-time tokens.
 * - A submission that cannot be sent and carries offline_kind (a door knock,
 *   a conversation, a follow-up "done") waits in a Workbox background-sync
 *   Queue (IndexedDB) and is sent, in order, when the connection is back
 *   (Background Sync where the browser has it; else when a page asks or
 *   the worker starts). The server's answer (buurtwerk/offline.py's
 *   ReplayMiddleware) says stored, refused (kept with the server's
 *   message, or its page with the errors beside the fields, to correct or
 *   discard) or "log in first" (the queue waits).
 */
/* global workbox */
importScripts(...{{ workbox|safe }});

const VERSION = "{{ version|escapejs }}";
const SHELL = {{ shell|safe }};
const URLS = {{ urls|safe }};
const DAY_PREFIX = "buurtwerk-dag-";
const REFUSED = "buurtwerk-geweigerd";
const REFUSED_PATH = "/offline/geweigerd/";
const REPLAY_HEADER = "X-Buurtwerk-Replay";
// A kept page is fetched again when it is older than this.
const REFRESH_AFTER_MS = 20 * 60 * 1000;
// Waiting longer than this for the server, a submission is kept on the phone
// (if the server did receive it, its token makes the resend store nothing).
const POST_TIMEOUT_MS = 15000;
const PAGE_TIMEOUT_MS = 6000;

workbox.core.setCacheNameDetails({ prefix: "buurtwerk", suffix: "" });
self.skipWaiting();
workbox.core.clientsClaim();
workbox.precaching.precacheAndRoute(SHELL);
workbox.precaching.cleanupOutdatedCaches();

let loginNeeded = false;

const queue = new workbox.backgroundSync.Queue("buurtwerk-verzenden", {
  // Minutes; what waits longer is dropped by Workbox (the server refuses
  // taps older than 14 days too: contacts/forms/rounds.py).
  maxRetentionTime: 14 * 24 * 60,
  onSync: () => flush(),
});

function pad(n) {
  return String(n).padStart(2, "0");
}

function localDay(date = new Date()) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function dayCacheName() {
  return DAY_PREFIX + localDay();
}

async function dropOtherDays() {
  const today = dayCacheName();
  for (const name of await caches.keys()) {
    if (name.startsWith(DAY_PREFIX) && name !== today) {
      await caches.delete(name);
    }
  }
}

function absolute(url) {
  return new URL(url, self.location.origin).href;
}

function timeout(ms) {
  return new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error("timeout")), ms);
  });
}

/* A copy of a page to keep: the body and only the headers a page needs (the
 * browser already decoded it), with the moment it was kept. */
async function keepable(response) {
  const headers = new Headers();
  for (const name of ["Content-Type", "Content-Security-Policy", "Content-Language"]) {
    if (response.headers.has(name)) headers.set(name, response.headers.get(name));
  }
  headers.set("X-Kept-At", String(Date.now()));
  return new Response(await response.blob(), { status: 200, headers });
}

/* A kept page as shown offline: new one-time tokens (each form it sends
 * must be a new submission) and a mark for offline.js. */
async function offlineCopy(kept) {
  let html = await kept.text();
  html = html.replace(
    /(name="submission_token"[^>]*?value=")[0-9a-f-]{36}/g,
    (match, start) => start + self.crypto.randomUUID(),
  );
  html = html.replace("<html ", `<html data-offline-copy="${kept.headers.get("X-Kept-At") || ""}" `);
  const headers = new Headers(kept.headers);
  return new Response(html, { status: 200, headers });
}

async function offlinePage() {
  return (await workbox.precaching.matchPrecache(URLS.offline)) || Response.error();
}

/* A refused submission's page, kept with its errors beside the fields. */
workbox.routing.registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith(REFUSED_PATH),
  async ({ url }) => {
    const cache = await caches.open(REFUSED);
    const kept = await cache.match(url.href);
    if (kept && kept.headers.get("X-Has-Page") === "1") {
      const headers = new Headers(kept.headers);
      return new Response(await kept.blob(), { status: 200, headers });
    }
    return Response.redirect(URLS.queue, 303);
  },
);

/* Pages: from the network; today's kept pages without it (and kept fresh). */
workbox.routing.registerRoute(
  // (After the refused pages' route: the first route that matches answers.)
  ({ request, url }) => request.mode === "navigate" && url.origin === self.location.origin,
  async ({ request }) => {
    await dropOtherDays();
    const cache = await caches.open(dayCacheName());
    const kept = await cache.match(request.url, { ignoreVary: true });
    try {
      const response = kept
        ? await Promise.race([fetch(request), timeout(PAGE_TIMEOUT_MS)])
        : await fetch(request);
      if (kept && response.ok && response.type === "basic" && !response.redirected) {
        await cache.put(request.url, await keepable(response.clone()));
      }
      return response;
    } catch (error) {
      return kept ? offlineCopy(kept) : offlinePage();
    }
  },
);

/* Submissions: to the server; kept on the phone when it cannot be reached. */
async function handlePost({ request }) {
  const copy = request.clone();
  try {
    return await Promise.race([fetch(request), timeout(POST_TIMEOUT_MS)]);
  } catch (error) {
    let fields;
    try {
      fields = await copy.formData();
    } catch (notAForm) {
      throw error;
    }
    if (!fields.get("offline_kind")) {
      if (request.mode === "navigate") return offlinePage();
      throw error;
    }
    const metadata = await keep(copy.url, fields);
    if (request.mode === "navigate") {
      return Response.redirect(absolute(metadata.next || "/"), 303);
    }
    // htmx: nothing to swap; offline.js marks the row.
    return new Response("", {
      status: 200,
      headers: { "HX-Reswap": "none", "X-Buurtwerk-Kept": "1" },
    });
  }
}
workbox.routing.registerRoute(
  ({ url }) => url.origin === self.location.origin,
  handlePost,
  "POST",
);

async function keep(url, fields) {
  const body = new URLSearchParams();
  for (const [name, value] of fields) {
    if (typeof value === "string") body.append(name, value);
  }
  const kind = fields.get("offline_kind");
  const at = new Date().toISOString();
  const outcome = fields.get("outcome") || "";
  if (kind === "knock") body.set("tapped_at", at);
  let next = fields.get("offline_next") || "";
  if (kind === "knock" && outcome === "spoke" && fields.get("offline_spoke")) {
    next = fields.get("offline_spoke");
  }
  const metadata = {
    id: self.crypto.randomUUID(),
    kind,
    label: fields.get("offline_label") || "",
    url: new URL(url).pathname,
    outcome,
    next,
    token: fields.get("submission_token") || "",
    at,
  };
  await queue.pushRequest({
    request: new Request(url, {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      credentials: "same-origin",
    }),
    metadata,
  });
  await broadcast();
  return metadata;
}

async function freshToken() {
  const response = await fetch(URLS.token, { credentials: "same-origin", cache: "no-store" });
  const data = await response.json();
  return data.authenticated ? data.csrf : "login";
}

async function refuse(entry, response) {
  const meta = entry.metadata || {};
  let message = "";
  let page = null;
  if ((response.headers.get("Content-Type") || "").includes("application/json")) {
    message = (await response.json()).message || "";
  } else if ((response.headers.get("Content-Type") || "").includes("text/html")) {
    page = await response.text();
  }
  const headers = new Headers({
    "Content-Type": page ? "text/html; charset=utf-8" : "text/plain; charset=utf-8",
    "X-Meta": encodeURIComponent(JSON.stringify({ ...meta, message, status: response.status })),
    "X-Has-Page": page ? "1" : "0",
  });
  if (page && response.headers.has("Content-Security-Policy")) {
    headers.set("Content-Security-Policy", response.headers.get("Content-Security-Policy"));
  }
  const cache = await caches.open(REFUSED);
  await cache.put(absolute(`${REFUSED_PATH}${meta.id}/`), new Response(page || "", { headers }));
}

let flushing = null;

function flush() {
  if (!flushing) {
    flushing = sendAll().finally(() => {
      flushing = null;
    });
  }
  return flushing;
}

async function sendAll() {
  const stored = [];
  let csrf = null;
  let entry;
  let retried = false;
  while ((entry = await queue.shiftRequest())) {
    try {
      if (!csrf) csrf = await freshToken();
    } catch (offline) {
      await queue.unshiftRequest(entry);
      break;
    }
    if (csrf === "login") {
      loginNeeded = true;
      await queue.unshiftRequest(entry);
      break;
    }
    loginNeeded = false;
    const body = new URLSearchParams(await entry.request.clone().text());
    body.set("csrfmiddlewaretoken", csrf);
    let response;
    try {
      response = await fetch(entry.request.url, {
        method: "POST",
        body,
        headers: { [REPLAY_HEADER]: "1", "X-CSRFToken": csrf },
        credentials: "same-origin",
        redirect: "manual",
      });
    } catch (offline) {
      await queue.unshiftRequest(entry);
      break;
    }
    if (response.status === 401) {
      loginNeeded = true;
      await queue.unshiftRequest(entry);
      break;
    }
    if (response.status === 403 && !retried) {
      // The page's CSRF token after a new login: once more with a new one.
      retried = true;
      csrf = null;
      await queue.unshiftRequest(entry);
      continue;
    }
    retried = false;
    if (response.ok) {
      if (entry.metadata && entry.metadata.token) stored.push(entry.metadata.token);
      continue;
    }
    await refuse(entry, response);
  }
  await broadcast({ stored });
}

async function state() {
  const pending = (await queue.getAll()).map((entry) => entry.metadata || {});
  const refused = [];
  const cache = await caches.open(REFUSED);
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    try {
      const meta = JSON.parse(decodeURIComponent(response.headers.get("X-Meta") || ""));
      refused.push({ ...meta, page: response.headers.get("X-Has-Page") === "1" ? request.url : "" });
    } catch (broken) {
      await cache.delete(request);
    }
  }
  return { type: "status", pending, refused, loginNeeded, version: VERSION };
}

async function broadcast(extra = {}) {
  const message = { ...(await state()), ...extra };
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) {
    client.postMessage(message);
  }
}

/* Today's pages, for offline use: the list comes from the server. */
async function prepare() {
  await dropOtherDays();
  let urls;
  try {
    const response = await fetch(URLS.today, { credentials: "same-origin", redirect: "manual" });
    if (!response.ok) return;
    urls = (await response.json()).urls.map(absolute);
  } catch (offline) {
    return;
  }
  const cache = await caches.open(dayCacheName());
  const wanted = new Set(urls);
  for (const request of await cache.keys()) {
    if (!wanted.has(request.url)) await cache.delete(request);
  }
  for (const url of urls) {
    const kept = await cache.match(url);
    if (kept && Date.now() - Number(kept.headers.get("X-Kept-At") || 0) < REFRESH_AFTER_MS) {
      continue;
    }
    try {
      const response = await fetch(url, { credentials: "same-origin", redirect: "manual" });
      if (response.ok && response.type === "basic") await cache.put(url, await keepable(response));
    } catch (offline) {
      return;
    }
  }
}

async function clearAll() {
  for (const name of await caches.keys()) {
    if (name.startsWith(DAY_PREFIX) || name === REFUSED) await caches.delete(name);
  }
  while (await queue.shiftRequest()) {
    // dropped: the worker chose to discard, or all was sent
  }
}

async function discard(id) {
  const cache = await caches.open(REFUSED);
  await cache.delete(absolute(`${REFUSED_PATH}${id}/`));
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = async () => {
    if (data.type === "flush") await flush();
    if (data.type === "prepare") await prepare();
    if (data.type === "discard") await discard(data.id);
    if (data.type === "clear") await clearAll();
    const message = { ...(await state()), answer: data.type, ask: data.ask };
    if (event.source) event.source.postMessage(message);
  };
  event.waitUntil(reply());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(dropOtherDays());
});
