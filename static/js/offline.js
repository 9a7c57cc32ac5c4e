/* Offline use on the phone (issue 14), the page's side; the service worker is
 * templates/offline/sw.js. Without a service worker (an older browser, a
 * private window) this does nothing and every page works online as before.
 *
 * - Registers the service worker; asks it to keep today's pages when a page
 *   with data-offline-today is opened online.
 * - The header's status (#app-status, templates/offline/status.html): an
 *   offline indicator and "n nog niet verzonden" / "alles verzonden".
 * - Marks what was kept on the phone: a door card's tap, a follow-up "done".
 * - Keeps what is typed in a form with data-draft (the conversation form)
 *   as a draft in localStorage, brought back after a reload or a failed
 *   submit, deleted once the server stored it (or at the end of the day).
 * - Logging out with unsent items asks first; logging out clears the
 *   phone's data (the server also sends Clear-Site-Data).
 */
(() => {
  "use strict";

  const DRAFT_PREFIX = "buurtwerk-concept:";
  const status = document.getElementById("app-status");
  const worker = "serviceWorker" in navigator ? navigator.serviceWorker : null;
  let last = null;
  let confirmed = false;

  function pad(n) {
    return String(n).padStart(2, "0");
  }

  function localDay(date = new Date()) {
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }

  function text(name, count) {
    const template = (status && status.dataset[name]) || "";
    return template.replace("{count}", String(count));
  }

  function send(message) {
    if (worker && worker.controller) worker.controller.postMessage(message);
  }

  /* Ask the service worker and wait for its answer (or give up). */
  function ask(type, extra = {}) {
    return new Promise((resolve) => {
      if (!worker || !worker.controller) {
        resolve(null);
        return;
      }
      const id = Math.random().toString(36).slice(2);
      const listener = (event) => {
        if (event.data && event.data.ask === id) {
          worker.removeEventListener("message", listener);
          resolve(event.data);
        }
      };
      worker.addEventListener("message", listener);
      worker.controller.postMessage({ type, ask: id, ...extra });
      setTimeout(() => resolve(last), 5000);
    });
  }

  /* The header: offline indicator and counter. */
  function showStatus() {
    if (!status) return;
    const indicator = status.querySelector("[data-offline-indicator]");
    const counter = status.querySelector("[data-offline-counter]");
    if (indicator) indicator.hidden = navigator.onLine;
    if (!counter || !last) return;
    const pending = last.pending.length;
    const refused = last.refused.length;
    let label = "";
    if (pending === 1) label = text("pendingOne", 1);
    else if (pending > 1) label = text("pendingMany", pending);
    else if (status.dataset.hadPending) label = text("allSent", 0);
    if (refused) label += (label ? " · " : "") + text("refused", refused);
    if (last.loginNeeded && pending) label += " · " + text("login", 0);
    if (pending) status.dataset.hadPending = "1";
    counter.textContent = label;
    counter.hidden = !label;
    counter.classList.toggle("app-status-warning", Boolean(pending || refused));
  }

  /* What waits on the phone, shown where it was tapped. */
  function markKept() {
    if (!last) return;
    document.querySelectorAll("[data-offline-kept]").forEach((node) => node.remove());
    for (const item of last.pending) {
      const form = document.querySelector(`form[action="${CSS.escape(item.url)}"]`);
      if (!form) continue;
      const note = document.createElement("p");
      note.dataset.offlineKept = item.id;
      note.className = "badge text-bg-warning text-wrap mb-2 d-inline-block";
      note.setAttribute("role", "status");
      if (item.kind === "knock") {
        const button = form.querySelector(`button[value="${CSS.escape(item.outcome)}"]`);
        const outcome = button ? button.textContent.trim() : item.outcome;
        note.textContent = `${text("keptKnock", 0)}: ${outcome}`;
        const card = form.closest("article, details");
        if (card) card.classList.add("offline-kept");
      } else {
        note.textContent = text("keptOther", 0);
        form.querySelectorAll("button[type=submit]").forEach((button) => {
          button.disabled = true;
        });
      }
      form.before(note);
    }
    confirmLastTap();
  }

  /* After a tap kept offline the page opens at #volgende: say so there,
   * and move on to the next door that is not done. */
  function confirmLastTap() {
    const place = document.getElementById("volgende");
    if (!place || location.hash !== "#volgende" || !last.pending.length) return;
    const item = last.pending[last.pending.length - 1];
    // The tap that opened this page: its navigation began with the tap
    // (the service worker kept it meanwhile), so within seconds of it.
    const age = Date.parse(item.at) - performance.timeOrigin;
    if (confirmed || item.kind !== "knock" || Math.abs(age) > 20000) return;
    confirmed = true;
    const kept = new Set(last.pending.filter((p) => p.kind === "knock").map((p) => p.url));
    const next = [...document.querySelectorAll("article.card")].find((card) => {
      const form = card.querySelector("form[action]");
      return form && !kept.has(form.getAttribute("action")) && !card.classList.contains("border-success");
    });
    place.replaceChildren();
    const alert = document.createElement("div");
    alert.className = "alert alert-warning py-2 mb-2";
    alert.setAttribute("role", "status");
    alert.textContent = `${item.label}: ${text("keptTap", 0)}`;
    place.append(alert);
    if (next) next.before(place);
    place.scrollIntoView({ block: "start" });
  }

  function onStatus(data) {
    if (!data || data.type !== "status") return;
    last = data;
    if (data.stored && data.stored.length) forgetDrafts(data.stored);
    showStatus();
    markKept();
    if (document.querySelector("[data-offline-queue-page]")) drawQueue();
  }

  /* /offline/wachtrij/: what waits, and what the server refused. */
  function drawQueue() {
    const pendingList = document.getElementById("offline-pending");
    const refusedList = document.getElementById("offline-refused");
    if (!pendingList || !refusedList) return;
    const item = (entry, withActions) => {
      const li = document.createElement("li");
      li.className = "list-group-item";
      const title = document.createElement("div");
      title.className = "fw-semibold";
      title.textContent = entry.label || entry.kind;
      li.append(title);
      const when = document.createElement("div");
      when.className = "small";
      when.textContent = new Date(entry.at).toLocaleString(document.documentElement.lang);
      li.append(when);
      if (withActions) {
        const message = document.createElement("p");
        message.className = "mb-2";
        message.textContent = entry.message || text("refusedPage", 0);
        li.append(message);
        if (entry.page) {
          const open = document.createElement("a");
          open.href = entry.page;
          open.className = "btn btn-primary me-2";
          open.textContent = text("open", 0);
          li.append(open);
        }
        const drop = document.createElement("button");
        drop.type = "button";
        drop.className = "btn btn-outline-danger";
        drop.textContent = text("discard", 0);
        drop.addEventListener("click", async () => onStatus(await ask("discard", { id: entry.id })));
        li.append(drop);
      }
      return li;
    };
    pendingList.replaceChildren(...last.pending.map((entry) => item(entry, false)));
    refusedList.replaceChildren(...last.refused.map((entry) => item(entry, true)));
    document.getElementById("offline-none").hidden = Boolean(last.pending.length || last.refused.length);
  }

  /* Drafts of forms with data-draft, per page, in localStorage. */
  function draftKey() {
    return DRAFT_PREFIX + location.pathname;
  }

  function readDraft(key) {
    try {
      return JSON.parse(localStorage.getItem(key) || "null");
    } catch (broken) {
      return null;
    }
  }

  function skipField(element) {
    return (
      !element.name ||
      element.type === "hidden" ||
      element.type === "submit" ||
      element.type === "button" ||
      element.name === "find"
    );
  }

  function saveDraft(form) {
    const fields = [];
    for (const element of form.elements) {
      if (skipField(element)) continue;
      if (element.type === "checkbox" || element.type === "radio") {
        fields.push([element.name, element.value, element.checked]);
      } else {
        fields.push([element.name, element.value]);
      }
    }
    const draft = readDraft(draftKey()) || {};
    localStorage.setItem(
      draftKey(),
      JSON.stringify({ ...draft, day: localDay(), savedAt: Date.now(), fields }),
    );
  }

  function restoreDraft(form, draft) {
    const boxes = new Map();
    const values = new Map();
    for (const [name, value, checked] of draft.fields) {
      if (checked === undefined) values.set(name, value);
      else boxes.set(`${name}\u0000${value}`, checked);
    }
    for (const element of form.elements) {
      if (skipField(element)) continue;
      if (element.type === "checkbox" || element.type === "radio") {
        const key = `${element.name}\u0000${element.value}`;
        if (boxes.has(key)) element.checked = boxes.get(key);
      } else if (values.has(element.name)) {
        element.value = values.get(element.name);
      }
    }
    const note = document.createElement("div");
    note.className = "alert alert-info py-2";
    note.setAttribute("role", "status");
    const time = new Date(draft.savedAt).toLocaleTimeString(document.documentElement.lang, {
      hour: "2-digit",
      minute: "2-digit",
    });
    note.textContent = `${text("draftBack", 0)} (${time}) `;
    const drop = document.createElement("button");
    drop.type = "button";
    drop.className = "btn btn-link p-0 align-baseline";
    drop.textContent = text("draftDiscard", 0);
    drop.addEventListener("click", () => {
      localStorage.removeItem(draftKey());
      location.reload();
    });
    note.append(drop);
    form.prepend(note);
  }

  function forgetDrafts(tokens) {
    const stored = new Set(tokens);
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith(DRAFT_PREFIX)) continue;
      const draft = readDraft(key);
      if (draft && draft.sentToken && stored.has(draft.sentToken)) localStorage.removeItem(key);
    }
  }

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  /* Drafts whose submission went out: deleted once the server has it. */
  async function checkSentDrafts() {
    const waiting = {};
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith(DRAFT_PREFIX)) continue;
      const draft = readDraft(key);
      if (!draft || draft.day !== localDay()) {
        localStorage.removeItem(key); // another day's: not kept longer
      } else if (draft.sentToken) {
        waiting[draft.sentToken] = key;
      }
    }
    const tokens = Object.keys(waiting);
    if (!tokens.length || !navigator.onLine || !status) return;
    try {
      const response = await fetch(status.dataset.storedUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ tokens }),
        credentials: "same-origin",
      });
      if (response.ok) forgetDrafts((await response.json()).stored);
    } catch (offline) {
      // later
    }
  }

  async function setUpDrafts() {
    const form = document.querySelector("form[data-draft]");
    await checkSentDrafts();
    if (!form) return;
    const draft = readDraft(draftKey());
    if (draft && draft.day === localDay() && draft.fields) {
      // A submission the phone still has to send is not typed in again.
      const state = worker && worker.controller ? await ask("status") : null;
      const waiting = state && state.pending.some((item) => item.token === draft.sentToken);
      if (!waiting) restoreDraft(form, draft);
    }
    let timer = null;
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(() => saveDraft(form), 300);
    };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", (event) => {
      saveDraft(form);
      const submitter = event.submitter;
      if (submitter && submitter.name === "offline_kind") {
        const token = form.querySelector("input[name=submission_token]");
        const draft = readDraft(draftKey());
        if (draft && token) {
          draft.sentToken = token.value;
          localStorage.setItem(draftKey(), JSON.stringify(draft));
        }
      }
    });
  }

  /* A page kept for offline use shows the time now in its date fields. */
  function freshenOfflineCopy() {
    if (!document.documentElement.dataset.offlineCopy) return;
    const now = new Date();
    const local = `${localDay(now)}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
    document.querySelectorAll("input[type=datetime-local][name=happened_at]").forEach((input) => {
      input.value = local;
    });
  }

  /* The category is proposed by the server: offline, say when it will be. */
  document.addEventListener("htmx:sendError", (event) => {
    const box = event.detail && event.detail.target;
    if (!box || !box.id || !box.id.endsWith("category-box")) return;
    if (box.querySelector("[data-offline-category]")) return;
    const note = document.createElement("p");
    note.dataset.offlineCategory = "1";
    note.className = "small fw-semibold mb-1";
    note.setAttribute("role", "status");
    note.textContent = text("category", 0);
    box.append(note);
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    const xhr = event.detail && event.detail.xhr;
    if (xhr && xhr.getResponseHeader("X-Buurtwerk-Kept")) send({ type: "status" });
  });

  /* Logging out: unsent items first; then the phone forgets this site. */
  function setUpLogout() {
    // The header has the logout form twice: in the phone's menu and on a
    // wide screen (templates/snippets/app_menu.html).
    document.querySelectorAll("form[data-logout]").forEach(setUpLogoutForm);
  }

  function setUpLogoutForm(form) {
    const dialog = document.getElementById("logout-dialog");
    if (!dialog) return;
    let confirmed = false;
    const forgetAllDrafts = () => {
      for (const key of Object.keys(localStorage)) {
        if (key.startsWith(DRAFT_PREFIX)) localStorage.removeItem(key);
      }
    };
    form.addEventListener("submit", async (event) => {
      if (confirmed) return;
      if (!worker || !worker.controller) {
        // No service worker: only drafts were kept; logging out goes on at once.
        forgetAllDrafts();
        return;
      }
      event.preventDefault();
      const state = await ask("status");
      const pending = state ? state.pending.length : 0;
      const leave = async () => {
        await ask("clear");
        forgetAllDrafts();
        confirmed = true;
        form.requestSubmit();
      };
      if (!pending) {
        await leave();
        return;
      }
      dialog.querySelector("[data-count]").textContent = text(
        pending === 1 ? "pendingOne" : "pendingMany",
        pending,
      );
      dialog.showModal();
      dialog.onclose = async () => {
        if (dialog.returnValue === "send") {
          const after = await ask("flush");
          if (after && after.pending.length === 0) await leave();
          else onStatus(after);
        } else if (dialog.returnValue === "discard") {
          await leave();
        }
      };
    });
  }

  if (worker) {
    worker.addEventListener("message", (event) => onStatus(event.data));
    worker
      .register(status ? status.dataset.worker : "/sw.js", { scope: "/" })
      .catch(() => {});
    worker.ready.then(async () => {
      // The first visit: the worker takes over this page at once (clientsClaim).
      if (!worker.controller) {
        await new Promise((resolve) => worker.addEventListener("controllerchange", resolve, { once: true }));
      }
      onStatus(await ask("status"));
      if (navigator.onLine) {
        onStatus(await ask("flush"));
        if (document.querySelector("[data-offline-today]")) send({ type: "prepare" });
      }
    });
  }
  setUpDrafts();
  window.addEventListener("online", () => {
    showStatus();
    send({ type: "flush" });
  });
  window.addEventListener("offline", showStatus);
  showStatus();
  freshenOfflineCopy();
  setUpLogout();
})();
