// The graph explorer: runs a trace through /v1/trace, draws it with Cytoscape.js, a daily
// timeline as SVG, totals and sinks; saves the same trace to a case as evidence. A tapped
// node opens its entity page, traces from it, or expands to its neighbours
// (/v1/graph/neighbours). When a layout is done, #graph carries data-layout="done", the
// node count and the layout time in ms (the benchmark reads them).
"use strict";
(function () {
  const lang = document.documentElement.lang || "ru";
  const locale = { ru: "ru-RU", kk: "kk-KZ", en: "en-GB" }[lang] || lang;
  const msg = JSON.parse(document.getElementById("messages").textContent);
  const form = document.getElementById("trace-form");
  const status = document.getElementById("trace-status");
  let lastQuery = null;
  let unit = null;
  let cy = null;
  let picked = null;

  function fmt(value) {
    const opts = unit ? { style: "currency", currency: unit, maximumFractionDigits: 2 } : { maximumFractionDigits: 2 };
    try { return new Intl.NumberFormat(locale, opts).format(value); }
    catch (e) { return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value) + (unit ? " " + unit : ""); }
  }
  function short(name) { return name.length > 22 ? name.slice(0, 18) + "…" : name; }
  function when(iso) { return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(iso)) + " UTC"; }
  function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
  function localIso(value) { return value ? value + ":00Z" : null; }

  function query() {
    const data = new FormData(form);
    const q = { seeds: [data.get("seed").trim()], direction: data.get("direction"), policy: data.get("policy"), depth: Number(data.get("depth") || 6), rows: Number(data.get("rows") || 80) };
    if (data.get("start")) q.start = localIso(data.get("start"));
    if (data.get("end")) q.end = localIso(data.get("end"));
    if (data.get("hub_limit")) q.hub_limit = Number(data.get("hub_limit"));
    return q;
  }

  async function post(url, body) {
    const reply = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), credentials: "same-origin" });
    const data = await reply.json();
    if (!reply.ok) throw new Error(data.error ? data.error.message : reply.statusText);
    return data;
  }

  function drawGraph(data) {
    const seeds = new Set(data.seeds.map((s) => s.instrument));
    const sinks = new Map(data.sinks.map((s) => [s.instrument, s.category]));
    const nodes = data.nodes.map((n) => ({ data: { id: n.instrument, label: short(n.instrument), kind: n.kind, seed: seeds.has(n.instrument) ? 1 : 0, sink: sinks.get(n.instrument) || "" } }));
    const known = new Set(data.nodes.map((n) => n.instrument));
    const edges = data.edges.filter((e) => known.has(e.src) && known.has(e.dst)).map((e) => ({
      data: { id: "e" + e.row, source: e.src, target: e.dst, label: fmt(e.attributed) + " / " + fmt(e.amount) + "\n" + when(e.ts), weight: e.attributed },
    }));
    const started = performance.now();
    const graph = document.getElementById("graph");
    graph.dataset.layout = "running";
    cy = cytoscape({
      container: graph,
      elements: { nodes: nodes, edges: edges },
      layout: layoutFor(nodes.length, [...seeds], started),
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 10, "min-zoomed-font-size": 8, "background-color": "#6b8cae", "text-valign": "bottom", "text-margin-y": 4, width: 22, height: 22 } },
        { selector: "node[seed = 1]", style: { "background-color": "#c0392b", width: 30, height: 30 } },
        { selector: "node[sink != '']", style: { shape: "diamond", "background-color": "#e67e22" } },
        { selector: "edge", style: { label: "data(label)", "font-size": 9, "min-zoomed-font-size": 11, "text-wrap": "wrap", "curve-style": "bezier", "target-arrow-shape": "triangle", width: 2, "line-color": "#999", "target-arrow-color": "#999", "text-background-color": "#fff", "text-background-opacity": 0.85 } },
        { selector: "edge[?expanded]", style: { "line-style": "dashed" } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#14324f" } },
      ],
    });
    cy.on("tap", "node", (event) => pick(event.target.id()));
    graph.cy = cy; // for the browser tests and the benchmark
  }

  // Force-directed (cose) reads best but costs O(n²) per step: above COSE_MAX nodes the
  // flow is laid out breadth-first from the seeds, which is linear and keeps its direction.
  const COSE_MAX = 300;
  function layoutFor(count, roots, started) {
    const stop = (event) => done(started, event.cy);
    if (count <= COSE_MAX) return { name: "cose", animate: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90, randomize: false, stop: stop };
    return { name: "breadthfirst", directed: true, roots: roots.length ? roots.map((r) => "#" + CSS.escape(r)).join(",") : undefined, spacingFactor: 0.6, animate: false, stop: stop };
  }

  function done(started, graphCy) {
    const graph = document.getElementById("graph");
    graph.dataset.layoutMs = String(Math.round(performance.now() - started));
    graph.dataset.nodes = String(graphCy.nodes().length);
    graph.dataset.layout = "done";
  }

  function pseudo(id) { return id.startsWith("source:") || id.startsWith("sink:"); }

  function pick(id) {
    picked = id;
    const panel = document.getElementById("node-panel");
    document.getElementById("node-name").textContent = short(id);
    const open = document.getElementById("node-open");
    open.hidden = pseudo(id);
    open.href = "/entities/instrument/" + encodeURIComponent(id);
    document.getElementById("node-trace").href = "/trace?seed=" + encodeURIComponent(id);
    panel.hidden = false;
  }

  async function expand() {
    if (!picked || !cy) return;
    status.textContent = msg.expanding;
    const reply = await fetch("/v1/graph/neighbours/" + encodeURIComponent(picked) + "?limit=25", { credentials: "same-origin" });
    const data = await reply.json();
    if (!reply.ok) { status.textContent = data.error ? data.error.message : reply.statusText; return; }
    const added = [];
    const link = (src, dst, n) => {
      const id = "x:" + src + ">" + dst;
      const traced = cy.edges().some((e) => e.data("source") === src && e.data("target") === dst);
      if (!traced && !cy.getElementById(id).length) added.push({ group: "edges", data: { id: id, source: src, target: dst, expanded: true, label: fmt(n.amount) + " · " + n.transfers + "×" } });
    };
    for (const [side, list] of [["in", data.in], ["out", data.out]]) {
      for (const n of list) {
        if (!cy.getElementById(n.instrument).length) added.push({ group: "nodes", data: { id: n.instrument, label: short(n.instrument), kind: n.kind, seed: 0, sink: "" } });
        if (side === "in") link(n.instrument, data.instrument, n); else link(data.instrument, n.instrument, n);
      }
    }
    cy.add(added);
    const started = performance.now();
    document.getElementById("graph").dataset.layout = "running";
    const roots = cy.nodes("[seed = 1]").map((n) => n.id());
    cy.layout(layoutFor(cy.nodes().length, roots, started)).run();
    status.textContent = "";
  }
  document.getElementById("node-expand").addEventListener("click", expand);

  function fillTable(id, rows) {
    const body = document.querySelector("#" + id + " tbody");
    body.replaceChildren(...rows.map(([k, v]) => { const tr = el("tr"); tr.append(el("th", k), el("td", v, "num")); return tr; }));
  }

  function drawTimeline(days) {
    const svg = document.getElementById("timeline");
    const width = Math.max(320, svg.parentElement.clientWidth - 32), height = 140, top = Math.max(1, ...days.map((d) => d.attributed));
    const step = width / Math.max(1, days.length);
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("width", width);
    svg.replaceChildren(...days.flatMap((d, i) => {
      const h = Math.max(1, (height - 40) * d.attributed / top);
      const ns = "http://www.w3.org/2000/svg";
      const rect = document.createElementNS(ns, "rect");
      Object.entries({ x: i * step + 4, y: height - 20 - h, width: Math.max(4, step - 8), height: h, rx: 3 }).forEach(([k, v]) => rect.setAttribute(k, v));
      const label = document.createElementNS(ns, "text");
      Object.entries({ x: i * step + 4, y: height - 4, class: "label" }).forEach(([k, v]) => label.setAttribute(k, v));
      label.textContent = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(d.day + "T00:00:00Z"));
      const value = document.createElementNS(ns, "text");
      Object.entries({ x: i * step + 4, y: height - 24 - h, class: "value" }).forEach(([k, v]) => value.setAttribute(k, v));
      value.textContent = fmt(d.attributed);
      return [rect, label, value];
    }));
  }

  function show(data) {
    const currencies = Object.keys(data.totals.by_currency);
    unit = currencies.length === 1 ? currencies[0] : null;
    document.getElementById("trace-id").textContent = data.trace_id;
    const t = data.totals;
    fillTable("totals", [
      [msg.transactions, t.transactions.toLocaleString(locale)], [msg.amount, fmt(t.amount)], [msg.entered, fmt(t.entered)],
      [msg.attributed, fmt(t.attributed)], [msg.left_trace, fmt(t.left_trace)], [msg.accounts, t.accounts.toLocaleString(locale)],
      [msg.wallets, t.wallets.toLocaleString(locale)], [msg.countries, t.countries.join(", ") || "—"],
    ]);
    fillTable("sinks", data.sinks.map((s) => [(msg[s.category] || s.category) + ": " + short(s.instrument), fmt(s.amount)]));
    document.getElementById("trace-result").hidden = false;
    drawGraph(data);
    drawTimeline(data.timeline);
    const bad = data.bad_seeds.map((b) => msg.bad_seed + " " + b.reason).join("; ");
    status.textContent = data.nodes.length ? bad : (bad || msg.nothing);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = msg.running;
    lastQuery = query();
    try { show(await post("/v1/trace", lastQuery)); }
    catch (e) { status.textContent = e.message; status.className = "error"; }
  });

  const save = document.getElementById("save-form");
  if (save) save.addEventListener("submit", async (event) => {
    event.preventDefault();
    const out = document.getElementById("save-status");
    const caseId = document.getElementById("save-case").value;
    try {
      const saved = await post(`/v1/cases/${caseId}/traces`, lastQuery);
      out.replaceChildren(el("span", msg.saved + " №" + saved.evidence + " "), Object.assign(el("a", msg.open), { href: "/evidence/" + saved.evidence }));
      out.className = "ok";
    } catch (e) { out.textContent = e.message; out.className = "error"; }
  });

  if (document.getElementById("seed").value) form.requestSubmit();
})();
