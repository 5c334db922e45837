(function () {
  "use strict";
  var d = document;
  function all(sel) { return Array.prototype.slice.call(d.querySelectorAll(sel)); }
  function clear(cls) { all("." + cls).forEach(function (x) { x.classList.remove(cls); }); }
  function safe(id) { return String(id).replace(/[^A-Za-z0-9_-]/g, ""); }
  var names = {};
  all("button.who").forEach(function (b) { names[b.getAttribute("data-c")] = b.textContent; });
  function buttons(id) { return all('button.who[data-c="' + safe(id) + '"]'); }

  function showEvidence(id) {
    clear("hl-ev");
    var parts = all('.evs[data-ev~="' + safe(id) + '"]');
    parts.forEach(function (p) { p.classList.add("hl-ev"); });
    if (parts.length) {
      parts[0].scrollIntoView({ block: "center", behavior: "instant" });
      var p = parts[0].closest("p");
      if (p) { p.focus({ preventScroll: true }); }
    }
  }

  var current = [], at = -1;
  function go(step) {
    if (!current.length) { return; }
    at = (at + step + current.length) % current.length;
    current[at].scrollIntoView({ block: "center", behavior: "instant" });
    clear("hl-now");
    current[at].classList.add("hl-now");
  }

  function toggleCharacter(id, jump) {
    var own = buttons(id);
    var panel = d.getElementById("lines");
    if (!panel || !own.length) { return; }
    var on = own[0].getAttribute("aria-pressed") !== "true";
    all("button.who").forEach(function (x) { x.setAttribute("aria-pressed", "false"); });
    clear("hl-q"); clear("hl-now");
    current = []; at = -1;
    panel.textContent = "";
    if (!on) { panel.hidden = true; return; }
    own.forEach(function (x) { x.setAttribute("aria-pressed", "true"); });
    var seen = {}, items = [];
    all('.q[data-s="' + safe(id) + '"]').forEach(function (q) {
      q.classList.add("hl-q");
      var key = q.getAttribute("data-q");
      if (seen[key]) { seen[key].text += " " + q.textContent; return; }
      seen[key] = { el: q, text: q.textContent, to: q.getAttribute("data-to") };
      items.push(seen[key]); current.push(q);
    });
    var h = d.createElement("h3");
    h.textContent = names[safe(id)] + ": " + items.length + (items.length === 1 ? " line" : " lines");
    panel.appendChild(h);
    var hint = d.createElement("p");
    hint.className = "note";
    hint.textContent = "Marked in the story. Keys: n / p for the next / previous line, Esc to clear.";
    panel.appendChild(hint);
    var ol = d.createElement("ol");
    items.forEach(function (it) {
      var li = d.createElement("li");
      var a = d.createElement("a");
      a.href = "#" + (it.el.id || "story");
      a.textContent = it.text.length > 240 ? it.text.slice(0, 239) + "…" : it.text;
      li.appendChild(a);
      var to = (it.to || "").split(" ").filter(Boolean).map(function (x) { return names[x] || x; });
      if (to.length) {
        var s = d.createElement("span");
        s.className = "to";
        s.textContent = " → to " + to.join(", ");
        li.appendChild(s);
      }
      ol.appendChild(li);
    });
    panel.appendChild(ol);
    panel.hidden = false;
    if (jump) { go(1); }
  }

  d.addEventListener("click", function (ev) {
    var t = ev.target;
    if (!t || !t.closest) { return; }
    var a = t.closest("a.evl");
    if (a) { ev.preventDefault(); showEvidence(a.getAttribute("data-ev")); return; }
    var b = t.closest("button.who");
    // from the character list: go to their first line in the story; from the story's side panel: stay
    if (b) { toggleCharacter(b.getAttribute("data-c"), !b.closest("aside")); return; }
    var n = t.closest(".node");
    if (n) { toggleCharacter(n.getAttribute("data-c"), true); }
  });
  d.addEventListener("keydown", function (ev) {
    var tag = (ev.target && ev.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (ev.key === "n") { go(1); } else if (ev.key === "p") { go(-1); } else if (ev.key === "Escape") {
      clear("hl-ev"); var on = d.querySelector('button.who[aria-pressed="true"]');
      if (on) { toggleCharacter(on.getAttribute("data-c"), false); }
    }
  });
  all(".node").forEach(function (n) { n.setAttribute("tabindex", "0"); n.setAttribute("role", "button"); });
  d.addEventListener("keydown", function (ev) {
    var n = ev.target && ev.target.closest && ev.target.closest(".node");
    if (n && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); toggleCharacter(n.getAttribute("data-c"), true); }
  });
})();
