// The Freshet catalog page: reads feature-sets.json (what GET /actuator/freshet answers) and shows every feature set
// with its features and the status of its jobs. The search box filters in the browser, over names, display names,
// owners, descriptions, tags, features, keys and sources. Text is always set as text, never parsed as HTML.
"use strict";

(function () {
  const list = document.getElementById("feature-sets");
  const status = document.getElementById("status");
  const search = document.getElementById("search");
  const count = document.getElementById("count");
  let cards = [];

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function facts(pairs) {
    const dl = el("dl", "facts");
    for (const [name, value, className] of pairs) {
      if (value === undefined || value === null || value === "") continue;
      dl.append(el("dt", null, name));
      const dd = el("dd", className);
      if (value instanceof Node) dd.append(value); else dd.textContent = String(value);
      dl.append(dd);
    }
    return dl;
  }

  function table(headers, rows) {
    const t = el("table");
    const head = el("tr");
    headers.forEach(h => head.append(el("th", null, h)));
    t.append(head);
    for (const row of rows) {
      const tr = el("tr");
      row.forEach(cell => tr.append(el("td", null, cell)));
      t.append(tr);
    }
    return t;
  }

  function state(text, className) {
    return el("span", "state " + (className || text), text);
  }

  function online(job) {
    if (!job) return facts([["Online job", "not running in this application"]]);
    return facts([
      ["Online job", state(job.state)],
      ["Since", job.since],
      ["Restarts", job.restarts],
      ["Next restart", job.nextRestart],
      ["Error", job.error ? job.error.message : null, "error-text"],
      ["Last batch", job.lastBatch],
      ["Rows written", job.rowsWritten],
      ["Newest event", job.newestEventTime],
      ["Freshness", job.freshness],
      ["Records behind", job.recordsBehind === null ? "unknown" : job.recordsBehind]
    ]);
  }

  function offline(job) {
    const run = job.lastRun;
    const outcome = job.lastOutcome;
    return facts([
      ["Offline job", job.scheduled ? "scheduled" : "not scheduled here"],
      ["Schedule", job.schedule],
      ["Next run", job.nextRun],
      ["Last run", run ? run.finished + ": " + run.written + " rows appended" : "none yet"],
      ["Last outcome", outcome ? state(outcome.outcome) : null],
      ["Outcome error", outcome ? outcome.error : null, "error-text"]
    ]);
  }

  function backfill(b) {
    if (!b) return null;
    return facts([
      ["Backfill", b.start + " to " + b.end],
      ["Backfill state", b.running ? state("BACKFILLING") : (b.pending ? "pending" : "completed")],
      ["Range done", b.rangeDone === null ? null : Math.round(b.rangeDone * 1000) / 10 + "%"]
    ]);
  }

  function card(report) {
    const c = report.catalog;
    const m = c.metadata;
    const section = el("section", "feature-set");
    section.dataset.name = report.name;
    const title = el("h2", null, report.name);
    if (m.displayName) title.append(el("span", "display", m.displayName));
    section.append(title);
    if (m.description) section.append(el("p", "description", m.description));
    const tags = el("span", "tags");
    m.tags.forEach(t => tags.append(el("span", "tag", t)));
    const windows = c.aggregations.windows.join(", ");
    section.append(facts([
      ["Owner", m.owner],
      ["Tags", m.tags.length ? tags : null],
      ["Key", c.key.map(k => k.name + " (" + k.type + ")").join(", ")],
      ["Source", c.source.name + " (" + c.source.topics.join(", ") + ")"],
      ["Windows", windows],
      ["Sinks", c.sinks.map(s => s.name + " → " + s.topic).join(", ")],
      ["Templates", "online " + c.templates.online + ", offline " + c.templates.offline
          + ", backfill " + c.templates.backfill]
    ]));
    const features = table(["Feature", "Type"], c.features.map(f => [f.name, f.type]));
    features.className = "features";
    section.append(features);
    const jobs = el("div", "jobs");
    jobs.append(online(report.online), offline(report.offline));
    const b = backfill(report.backfill);
    if (b) jobs.append(b);
    section.append(jobs);
    const words = [report.name, m.displayName, m.owner, m.description, c.source.name, c.timestampColumn]
      .concat(m.tags, c.features.map(f => f.name), c.key.map(k => k.name), c.source.topics);
    return { node: section, text: words.filter(Boolean).join("\n").toLowerCase() };
  }

  function filter() {
    const terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const c of cards) {
      const match = terms.every(t => c.text.includes(t));
      c.node.classList.toggle("hidden", !match);
      if (match) shown++;
    }
    count.textContent = shown + " of " + cards.length + " feature sets";
  }

  fetch("feature-sets.json", { headers: { "Accept": "application/json" } })
    .then(response => {
      if (!response.ok) throw new Error("feature-sets.json answered " + response.status);
      return response.json();
    })
    .then(all => {
      cards = all.featureSets.map(card);
      cards.forEach(c => list.append(c.node));
      status.textContent = cards.length ? "" : "This application has no feature sets.";
      status.classList.toggle("hidden", cards.length > 0);
      filter();
      document.body.dataset.loaded = "true";
    })
    .catch(error => {
      status.textContent = "Could not read the feature sets: " + error.message;
      status.className = "error";
      document.body.dataset.loaded = "error";
    });

  search.addEventListener("input", filter);
})();
