// Checkpoint console: keyboard shortcuts, the document viewer and the lease keep-alive.
// Everything works without this script; it only saves keystrokes.
(function () {
  "use strict";
  const body = document.body;
  const csrf = body.dataset.csrf || "";
  // A key pressed twice must not decide the next item unseen: keys wait until the page has been
  // on screen briefly, and the first submission ends key handling on this page.
  const DWELL_MS = 300;
  let ready = false, busy = false;
  setTimeout(() => { ready = true; body.dataset.ready = "true"; }, DWELL_MS);
  const send = (f) => { if (!f || busy) return; busy = true; f.requestSubmit ? f.requestSubmit() : f.submit(); };
  const submit = (id) => send(document.getElementById(id));
  const typing = (e) => e.target.closest && e.target.closest("input, textarea, select");

  // Document viewer: zoom, rotate, OCR boxes.
  const page = document.getElementById("page");
  let zoom = 1, turn = 0;
  const paint = () => { if (page) page.style.transform = `scale(${zoom}) rotate(${turn}deg)` + (turn % 360 === 90 ? " translateY(-100%)" : turn % 360 === 180 ? " translate(-100%, -100%)" : turn % 360 === 270 ? " translateX(-100%)" : ""); };
  const actions = {
    "zoom-in": () => { zoom = Math.min(zoom * 1.25, 6); paint(); },
    "zoom-out": () => { zoom = Math.max(zoom / 1.25, 0.25); paint(); },
    "rotate": () => { turn = (turn + 90) % 360; paint(); },
    "boxes": () => { if (page) page.classList.toggle("no-boxes"); },
  };
  document.querySelectorAll("[data-action]").forEach((b) => b.addEventListener("click", () => actions[b.dataset.action]()));

  // Reject / request more: the letter arms the form, a number picks the reason and sends it.
  let armed = null;
  const arm = (form) => {
    document.querySelectorAll("form.reasons").forEach((f) => f.classList.remove("armed"));
    armed = form;
    if (form) { form.classList.add("armed"); form.scrollIntoView({ block: "nearest" }); }
  };

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e) || !ready || busy) return;
    const key = e.key.toLowerCase();
    if (armed && /^[1-9]$/.test(key)) {
      const radio = armed.querySelector(`input[name=reason_code][data-key="${key}"]`);
      if (radio) { radio.checked = true; e.preventDefault(); send(armed); }
      return;
    }
    const action = document.querySelector(`#action-form button[data-key="${key.toUpperCase()}"]`);
    if (action && /^[a-z]$/.test(key)) {
      e.preventDefault();
      if (action.value === "ban" && !window.confirm(action.form.dataset.confirmBan)) return;
      busy = true;
      action.form.requestSubmit ? action.form.requestSubmit(action) : action.click();
      return;
    }
    switch (key) {
      case "a": submit("approve-form"); break;
      case "r": arm(document.getElementById("reject-form")); break;
      case "m": arm(document.getElementById("request_more-form")); break;
      case "escape": arm(null); break;
      case "s": submit("skip-form"); break;
      case "n": submit("claim-form"); break;
      case "+": case "=": actions["zoom-in"](); break;
      case "-": actions["zoom-out"](); break;
      case "o": actions.rotate(); break;
      case "b": actions.boxes(); break;
      default: return;
    }
    e.preventDefault();
  });

  // Lease keep-alive: renew at half the remaining time while the page is open.
  const item = document.getElementById("item");
  if (item && item.dataset.held === "true" && item.dataset.leaseExpires) {
    const lease = document.getElementById("lease");
    const lost = document.getElementById("lease-lost");
    const schedule = (expires) => {
      const left = new Date(expires).getTime() - Date.now();
      setTimeout(renew, Math.max(5000, left / 2));
    };
    const renew = () => {
      fetch(item.dataset.renewUrl, { method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
        .then((claim) => { if (lease) lease.textContent = new Date(claim.expires_at).toISOString().slice(11, 19) + " UTC"; schedule(claim.expires_at); })
        .catch(() => { if (lost) lost.hidden = false; });
    };
    schedule(item.dataset.leaseExpires);
  }
})();
