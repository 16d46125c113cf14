// Checkpoint console: keyboard shortcuts, the document viewer, forms sent in place and the
// lease of an open item. Every page works without this script; it saves keystrokes and keeps
// what was typed when something goes wrong.
(function () {
  "use strict";
  const body = document.body;
  const csrf = body.dataset.csrf || "";
  // A key pressed twice must not decide the next item unseen: keys wait until the page has been
  // on screen briefly, and a form on its way ends key handling until it has failed.
  const DWELL_MS = 300;
  let ready = false, busy = false, leaving = false, lost = false;
  setTimeout(() => { ready = true; body.dataset.ready = "true"; }, DWELL_MS);
  const typing = (e) => e.target.closest && e.target.closest("input, textarea, select");

  // Forms are sent in place: the answer is where to go next or an error shown above the form,
  // in the page's language, with everything typed still there.
  const showError = (form, message, code) => {
    let box = form.querySelector(":scope > .form-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "error form-error";
      box.setAttribute("role", "alert");
      form.prepend(box);
    }
    box.textContent = message;
    box.dataset.error = code || "";
    // Back to the page's keys, with what was typed left in its field.
    if (form.contains(document.activeElement)) document.activeElement.blur();
    box.scrollIntoView({ block: "nearest" });
  };
  // Another place on the same page (a #fragment) is not a navigation: load the page again.
  const go = (to) => {
    const url = new URL(to, window.location.href);
    if (url.pathname === window.location.pathname && url.search === window.location.search) {
      window.location.hash = url.hash;
      window.location.reload();
    } else {
      window.location.assign(to);
    }
  };
  const send = (form, submitter) => {
    if (!form || busy) return;
    // A form the browser finds incomplete says so and leaves the keys working.
    if (!form.checkValidity()) { form.reportValidity(); return; }
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    if (form.hasAttribute("data-native")) {
      // form.submit() ignores the button's own target (the policy page's "propose").
      if (submitter && submitter.hasAttribute("formaction")) form.setAttribute("action", submitter.getAttribute("formaction"));
      busy = true; leaving = true; form.submit(); return;
    }
    busy = true;
    const data = new URLSearchParams(new FormData(form, submitter || null));
    // The attribute, not `form.action`: a button named "action" would shadow the property.
    fetch(form.getAttribute("action"), { method: "POST", body: data, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" })
      .then((r) => r.json().then((answer) => ({ status: r.status, answer })))
      .then(({ status, answer }) => {
        if (answer.location) { leaving = true; go(answer.location); return; }
        if (status === 401) { leaving = true; window.location.assign("/console/login?next=" + encodeURIComponent(location.pathname)); return; }
        busy = false;
        showError(form, answer.message || String(status), answer.error);
        if (answer.error === "claim_expired" || answer.error === "not_claimed") leaseLost();
      })
      .catch(() => { busy = false; showError(form, body.dataset.networkError, "network"); });
  };
  document.addEventListener("submit", (e) => {
    const form = e.target;
    if (!form.querySelector("input[name=csrf]")) return;
    e.preventDefault();
    send(form, e.submitter);
  });
  const submit = (id) => send(document.getElementById(id));

  // Document viewer: zoom, rotate, pan with the arrow keys, OCR boxes.
  const page = document.getElementById("page");
  const viewport = page && page.closest(".viewport");
  let zoom = 1, turn = 0;
  const paint = () => { if (page) page.style.transform = `scale(${zoom}) rotate(${turn}deg)` + (turn % 360 === 90 ? " translateY(-100%)" : turn % 360 === 180 ? " translate(-100%, -100%)" : turn % 360 === 270 ? " translateX(-100%)" : ""); };
  const pan = (dx, dy) => { if (viewport) viewport.scrollBy({ left: dx * viewport.clientWidth * 0.2, top: dy * viewport.clientHeight * 0.2 }); };
  const actions = {
    "zoom-in": () => { zoom = Math.min(zoom * 1.25, 6); paint(); },
    "zoom-out": () => { zoom = Math.max(zoom / 1.25, 0.25); paint(); },
    "rotate": () => { turn = (turn + 90) % 360; paint(); },
    "boxes": () => { if (page) page.classList.toggle("no-boxes"); },
  };
  document.querySelectorAll("[data-action]").forEach((b) => b.addEventListener("click", () => actions[b.dataset.action]()));

  // Reject / request more: the letter arms the form, a number picks the reason and sends it;
  // E writes a note first (Esc leaves the note, Ctrl+Enter sends).
  let armed = null;
  const arm = (form) => {
    document.querySelectorAll("form.reasons").forEach((f) => f.classList.remove("armed"));
    armed = form;
    if (form) { form.classList.add("armed"); form.scrollIntoView({ block: "nearest" }); }
  };
  // A request for more presets the chosen reason's documents, unless the reviewer wrote their own.
  document.querySelectorAll("form.reasons textarea[name=documents]").forEach((documents) => {
    documents.addEventListener("input", () => { documents.dataset.edited = "true"; });
    documents.form.querySelectorAll("input[name=reason_code]").forEach((radio) => radio.addEventListener("change", () => {
      if (!documents.dataset.edited) documents.value = radio.dataset.documents || "";
    }));
  });
  const pick = (form, key) => {
    const radio = form.querySelector(`input[name=reason_code][data-key="${key}"]`);
    if (!radio) return false;
    radio.checked = true;
    radio.dispatchEvent(new Event("change"));
    send(form);
    return true;
  };
  let pendingAction = null;
  document.addEventListener("keydown", (e) => {
    const field = typing(e);
    // Enter in the days field sends the action waiting for them; never the form's first button.
    if (field && field.name === "duration_days" && e.key === "Enter") {
      e.preventDefault();
      if (pendingAction && !lost) send(pendingAction.form, pendingAction);
      return;
    }
    // Esc leaves a field for the page's keys; Ctrl+Enter sends a note.
    if (field && e.key === "Escape") { field.blur(); e.preventDefault(); }
    else if (field && field.tagName === "TEXTAREA" && e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(field.form); }
  });

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e) || !ready || busy) return;
    const key = e.key.toLowerCase();
    const decisions = !lost;
    if (armed && /^[1-9]$/.test(key)) {
      if (decisions && pick(armed, key)) e.preventDefault();
      return;
    }
    if (armed && key === "e") {
      const note = armed.querySelector("textarea[name=note]");
      if (note) { e.preventDefault(); note.focus(); }
      return;
    }
    const action = document.querySelector(`#action-form button[data-key="${key.toUpperCase()}"]`);
    if (action && /^[a-z]$/.test(key)) {
      e.preventDefault();
      if (!decisions) return;
      if (action.value === "ban" && !window.confirm(action.form.dataset.confirmBan)) return;
      // An action that takes days, with none given: the days field first, Enter sends.
      const days = action.form.querySelector("input[name=duration_days]");
      if (action.hasAttribute("data-days") && days && !days.value) { pendingAction = action; days.focus(); return; }
      send(action.form, action);
      return;
    }
    switch (key) {
      case "a": if (decisions) submit("approve-form"); break;
      case "r": if (decisions) arm(document.getElementById("reject-form")); break;
      case "m": if (decisions) arm(document.getElementById("request_more-form")); break;
      case "escape": arm(null); break;
      case "s": if (decisions) submit("skip-form"); break;
      case "n": submit("claim-form"); break;
      case "+": case "=": actions["zoom-in"](); break;
      case "-": actions["zoom-out"](); break;
      case "o": actions.rotate(); break;
      case "b": actions.boxes(); break;
      case "arrowleft": pan(-1, 0); break;
      case "arrowright": pan(1, 0); break;
      case "arrowup": pan(0, -1); break;
      case "arrowdown": pan(0, 1); break;
      default: return;
    }
    e.preventDefault();
  });

  // The lease of the item on screen: renewed at half its remaining time while someone works
  // here, no longer once the page has been idle for the team's idle time, let go when the page
  // closes (the server keeps it a short grace, so a reload keeps the item). A lost lease is said,
  // and the decision keys and buttons stop.
  const item = document.getElementById("item");
  const held = item && item.dataset.held === "true" && item.dataset.leaseExpires;
  function leaseLost() {
    if (lost || !item) return;
    lost = true;
    arm(null);
    const notice = document.getElementById("lease-lost");
    if (notice) notice.hidden = false;
    const idle = document.getElementById("idle");
    if (idle) idle.hidden = true;
    document.querySelectorAll("#item form:not(#claim-form) button[type=submit]").forEach((b) => { b.disabled = true; });
  }
  if (held) {
    const lease = document.getElementById("lease");
    const idleNotice = document.getElementById("idle");
    const idleMs = (Number(body.dataset.idleSecs) || 300) * 1000;
    let lastActive = Date.now(), expires = new Date(item.dataset.leaseExpires).getTime(), timer = null;
    const schedule = () => {
      clearTimeout(timer);
      const left = expires - Date.now();
      if (left <= 0) { leaseLost(); return; }
      timer = setTimeout(tick, Math.min(left, Math.max(1000, left / 2)));
    };
    const tick = () => {
      if (lost) return;
      if (Date.now() - lastActive >= idleMs) {
        if (idleNotice) idleNotice.hidden = false;
        schedule();
        return;
      }
      // Past the lease this page knew of, still ask: another tab on the item may have renewed it.
      fetch(item.dataset.renewUrl, { method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
        .then((claim) => {
          expires = new Date(claim.expires_at).getTime();
          if (lease) lease.textContent = kst(expires);
          schedule();
        })
        .catch(leaseLost);
    };
    const active = () => {
      const wasIdle = Date.now() - lastActive >= idleMs;
      lastActive = Date.now();
      if (idleNotice) idleNotice.hidden = true;
      if (wasIdle && !lost) tick();
    };
    ["keydown", "pointerdown", "pointermove", "wheel", "scroll"].forEach((type) => window.addEventListener(type, active, { passive: true, capture: true }));
    // A page that finds its lease short (the grace a closed page leaves, reloaded within it)
    // renews at once; so does another tab on the same item when this one closes.
    // A reload's page may be served before the closing page's leave arrives: renew once more.
    if (expires - Date.now() < 60000) tick(); else schedule();
    const navigation = performance.getEntriesByType("navigation")[0];
    if (navigation && navigation.type === "reload") setTimeout(tick, 2000);
    window.addEventListener("storage", (e) => {
      // After a moment, so that the closed page's leave has landed first.
      if (e.key === "checkpoint-left" && e.newValue && e.newValue.split(" ")[0] === item.dataset.id && !lost) setTimeout(tick, 1000);
    });
    window.addEventListener("pagehide", () => {
      if (leaving || lost) return;
      navigator.sendBeacon(item.dataset.leaveUrl, new URLSearchParams({ csrf }));
      try { localStorage.setItem("checkpoint-left", item.dataset.id + " " + Date.now()); } catch (_) { /* storage off */ }
    });
  }
  // Times on the page are the team's (Korea, UTC+9, no daylight saving).
  function kst(ms) {
    return new Date(ms + 9 * 3600 * 1000).toISOString().slice(11, 19) + " KST";
  }
})();
