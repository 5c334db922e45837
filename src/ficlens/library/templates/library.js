(function () {
  "use strict";
  var d = document;
  var data = JSON.parse(d.getElementById("library-data").textContent);
  var works = data.works, ratings = data.ratings;
  var LABELS = { fandoms: "Fandom", categories: "Category", relationships: "Pairing", characters: "Character",
    warnings: "Warning", freeform: "Additional tag", authors: "Author", pov: "POV" };
  var PAGE = 200;
  works.forEach(function (w, i) {
    w._i = i;
    w._r = ratings.indexOf(w.rating); if (w._r < 0) { w._r = ratings.length - 1; }
    w._s = [w.title, w.summary, (w.authors || []).join(" "), w.file].join(" ").toLowerCase();
  });
  var state = { q: "", rating: "", wmin: "", wmax: "", filters: [], sort: "title", dir: 1, shown: PAGE };
  var $ = function (id) { return d.getElementById(id); };

  function has(w, f) {
    var vals = w[f.field] || [];
    for (var i = 0; i < vals.length; i++) { if (vals[i] === f.value) { return true; } }
    return false;
  }
  function matches(w, terms) {
    for (var i = 0; i < terms.length; i++) { if (w._s.indexOf(terms[i]) < 0) { return false; } }
    var r = state.rating;
    if (r === "0" && w._r !== 0) { return false; }
    if (r === "1" && w._r > 1) { return false; }
    if (r === "2" && w._r > 2) { return false; }
    if (r === "3" && w._r !== 3) { return false; }
    if (r === "4" && w._r !== 4) { return false; }
    if (state.wmin !== "" && w.words < +state.wmin) { return false; }
    if (state.wmax !== "" && w.words > +state.wmax) { return false; }
    for (var j = 0; j < state.filters.length; j++) {
      var f = state.filters[j];
      if (has(w, f) !== (f.mode === "+")) { return false; }
    }
    return true;
  }
  function key(w, k) {
    if (k === "words") { return w.words; }
    if (k === "rating") { return w._r; }
    var v = w[k];
    if (Array.isArray(v)) { v = v.length ? v[0] : "\uffff"; }
    return String(v || "\uffff").toLowerCase();
  }
  function list() {
    var terms = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    var out = works.filter(function (w) { return matches(w, terms); });
    var k = state.sort, dir = state.dir;
    out.sort(function (a, b) {
      var x = key(a, k), y = key(b, k);
      return (x < y ? -1 : x > y ? 1 : a._i - b._i) * (x === y ? 1 : dir);
    });
    return out;
  }

  function el(tag, cls, text) {
    var x = d.createElement(tag);
    if (cls) { x.className = cls; }
    if (text !== undefined) { x.textContent = text; }
    return x;
  }
  function tags(w, field, own) {
    var td = el("td");
    (w[field] || []).forEach(function (v) {
      var b = el("button", "t" + (own === false ? " sug" : ""), v);
      b.type = "button"; b.setAttribute("data-f", field); b.setAttribute("data-v", v);
      b.title = (own === false ? "suggested by ficlens · " : "") + "filter by this (Alt-click: exclude)";
      td.appendChild(b);
    });
    return td;
  }
  function row(w) {
    var tr = el("tr");
    var t = el("td", "title");
    var a = el("a", "", w.title);
    a.href = /^works\/[^:]+$/.test(w.href) ? w.href : "#";
    t.appendChild(a);
    if (w.authors && w.authors.length) { t.appendChild(el("div", "by", "by " + w.authors.join(", "))); }
    if (w.summary) { t.appendChild(el("div", "sum", w.summary)); }
    tr.appendChild(t);
    var f = tags(w, "fandoms");
    if (w.crossover) { f.appendChild(el("span", "cross", "crossover")); }
    tr.appendChild(f);
    var r = el("td", "rating r" + w._r, w.rating);
    if (!w.rating_own) { r.classList.add("sug"); r.title = "suggested by ficlens"; }
    var cats = tags(w, "categories");
    while (cats.firstChild) { r.appendChild(d.createElement("br")); r.appendChild(cats.firstChild); }
    tr.appendChild(r);
    tr.appendChild(tags(w, "warnings", w.warnings_own));
    tr.appendChild(tags(w, "relationships"));
    tr.appendChild(tags(w, "main"));
    tr.appendChild(el("td", "num", w.words.toLocaleString("en")));
    var p = tags(w, "pov");
    if (w.person) { p.appendChild(el("div", "by", w.person + " person")); }
    tr.appendChild(p);
    return tr;
  }

  function save() {
    var p = new URLSearchParams();
    if (state.q) { p.set("q", state.q); }
    if (state.rating) { p.set("rating", state.rating); }
    if (state.wmin) { p.set("wmin", state.wmin); }
    if (state.wmax) { p.set("wmax", state.wmax); }
    state.filters.forEach(function (f) { p.append("f", f.mode + f.field + ":" + f.value); });
    if (state.sort !== "title" || state.dir !== 1) { p.set("sort", (state.dir < 0 ? "-" : "") + state.sort); }
    try { history.replaceState(null, "", "#" + p.toString()); } catch (err) { /* file:// in some browsers */ }
  }
  function load() {
    var p = new URLSearchParams(location.hash.slice(1));
    state.q = p.get("q") || ""; state.rating = p.get("rating") || "";
    state.wmin = p.get("wmin") || ""; state.wmax = p.get("wmax") || "";
    state.filters = p.getAll("f").map(function (s) {
      var c = s.indexOf(":");
      return { mode: s.charAt(0) === "-" ? "-" : "+", field: s.slice(1, c), value: s.slice(c + 1) };
    }).filter(function (f) { return LABELS[f.field] || f.field === "main"; });
    var s = p.get("sort") || "title";
    state.dir = s.charAt(0) === "-" ? -1 : 1; state.sort = s.replace(/^-/, "");
    $("q").value = state.q; $("rating").value = state.rating; $("wmin").value = state.wmin; $("wmax").value = state.wmax;
  }

  var current = [];
  function render() {
    current = list();
    var body = $("rows"), frag = d.createDocumentFragment();
    current.slice(0, state.shown).forEach(function (w) { frag.appendChild(row(w)); });
    body.textContent = "";
    body.appendChild(frag);
    var n = Math.min(state.shown, current.length);
    $("count").textContent = current.length === works.length
      ? "All " + works.length.toLocaleString("en") + " works" + (n < current.length ? " (showing " + n + ")" : "")
      : current.length.toLocaleString("en") + " of " + works.length.toLocaleString("en") + " works match" +
        (n < current.length ? " (showing " + n + ")" : "");
    $("more").hidden = n >= current.length;
    var chips = $("chips");
    chips.textContent = "";
    state.filters.forEach(function (f, i) {
      var c = el("button", "chip" + (f.mode === "-" ? " not" : ""),
        (f.mode === "-" ? "without " : "") + (LABELS[f.field] || "Main character") + ": " + f.value + "  ×");
      c.type = "button"; c.setAttribute("data-i", i); c.title = "remove this filter";
      chips.appendChild(c);
    });
    Array.prototype.forEach.call(d.querySelectorAll("th button[data-sort]"), function (b) {
      var k = b.getAttribute("data-sort");
      b.parentNode.setAttribute("aria-sort", k === state.sort ? (state.dir > 0 ? "ascending" : "descending") : "none");
    });
    save();
  }
  function addFilter(field, value, mode) {
    value = String(value || "").trim();
    if (!value) { return; }
    for (var i = 0; i < state.filters.length; i++) {
      var f = state.filters[i];
      if (f.field === field && f.value === value) { f.mode = mode; state.shown = PAGE; render(); return; }
    }
    state.filters.push({ field: field, value: value, mode: mode });
    state.shown = PAGE;
    render();
  }
  function fillValues() {
    var field = $("ffield").value, count = {};
    works.forEach(function (w) { (w[field] || []).forEach(function (v) { count[v] = (count[v] || 0) + 1; }); });
    var vals = Object.keys(count).sort(function (a, b) { return count[b] - count[a] || (a < b ? -1 : 1); });
    var dl = $("fvalues");
    dl.textContent = "";
    vals.slice(0, 3000).forEach(function (v) { var o = d.createElement("option"); o.value = v; dl.appendChild(o); });
  }

  var timer = null;
  $("q").addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = $("q").value; state.shown = PAGE; render(); }, 120);
  });
  ["rating", "wmin", "wmax"].forEach(function (id) {
    $(id).addEventListener("change", function () { state[id] = $(id).value; state.shown = PAGE; render(); });
  });
  $("ffield").addEventListener("change", fillValues);
  $("controls").addEventListener("submit", function (ev) {
    ev.preventDefault();
    addFilter($("ffield").value, $("fvalue").value, $("fmode").value);
    $("fvalue").value = "";
  });
  $("reset").addEventListener("click", function () {
    state = { q: "", rating: "", wmin: "", wmax: "", filters: [], sort: "title", dir: 1, shown: PAGE };
    $("q").value = ""; $("rating").value = ""; $("wmin").value = ""; $("wmax").value = "";
    render();
  });
  $("more").addEventListener("click", function () { state.shown += PAGE * 5; render(); });
  d.addEventListener("click", function (ev) {
    var t = ev.target;
    if (!t || !t.closest) { return; }
    var b = t.closest("button.t");
    if (b) { addFilter(b.getAttribute("data-f"), b.getAttribute("data-v"), ev.altKey ? "-" : "+"); return; }
    var c = t.closest("button.chip");
    if (c) { state.filters.splice(+c.getAttribute("data-i"), 1); render(); return; }
    var s = t.closest("th button[data-sort]");
    if (s) {
      var k = s.getAttribute("data-sort");
      if (state.sort === k) { state.dir = -state.dir; } else { state.sort = k; state.dir = k === "words" ? -1 : 1; }
      render();
    }
  });
  d.addEventListener("keydown", function (ev) {
    var tag = (ev.target && ev.target.tagName) || "";
    if (ev.key === "/" && tag !== "INPUT" && tag !== "SELECT") { ev.preventDefault(); $("q").focus(); }
  });
  window.addEventListener("hashchange", function () { load(); render(); });
  load();
  fillValues();
  render();
})();
