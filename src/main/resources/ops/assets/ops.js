// The dashboard's one script: listens to /ops/stream and swaps in what changed, draws the charts.
(function () {
  "use strict";
  const live = document.getElementById("live");
  const charts = [];

  function setLive(on, text) {
    if (!live) return;
    live.className = "live " + (on ? "on" : "off");
    live.textContent = text;
  }

  function swap(name, html) {
    document.querySelectorAll('[data-live="' + name + '"]').forEach(function (el) {
      if (el.tagName === "TEMPLATE") return;
      el.innerHTML = html;
      if (window.htmx) htmx.process(el);
    });
  }

  // Job rows are replaced one by one: a page shows its own selection (a status filter), the stream
  // sends the newest jobs and every running one.
  function swapJobs(html) {
    const scratch = document.createElement("template");
    scratch.innerHTML = html;
    scratch.content.querySelectorAll("tr[id]").forEach(function (row) {
      const shown = document.getElementById(row.id);
      if (shown) {
        shown.replaceWith(row);
        if (window.htmx) htmx.process(row);
      }
    });
  }

  function drawCharts() {
    const source = document.getElementById("history");
    if (!source || !window.uPlot) return;
    const history = JSON.parse(source.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      const keys = el.dataset.chart.split(",");
      const colors = ["#0969da", "#1a7f37"];
      const opts = {
        width: 340, height: 160,
        series: [{}].concat(keys.map(function (k, i) { return { label: k.replace(/_/g, " "), stroke: colors[i % 2], points: { show: false } }; })),
        axes: [{}, { size: 50 }],
        legend: { show: keys.length > 1 }
      };
      const data = [history.time.slice()].concat(keys.map(function (k) { return history[k].slice(); }));
      charts.push({ plot: new uPlot(opts, data, el), keys: keys, data: data });
    });
  }

  function addPoint(point) {
    // point = [time, orders_per_minute, out_of_stock_percent, accepted, applied, backlog, lag]
    const names = ["orders_per_minute", "out_of_stock_percent", "accepted_per_second", "applied_per_second", "backlog", "apply_lag_seconds"];
    charts.forEach(function (c) {
      c.data[0].push(point[0]);
      c.keys.forEach(function (k, i) { c.data[i + 1].push(point[1 + names.indexOf(k)]); });
      const cutoff = point[0] - 3600;
      while (c.data[0].length && c.data[0][0] < cutoff) c.data.forEach(function (col) { col.shift(); });
      c.plot.setData(c.data);
    });
  }

  function connect() {
    const stream = new EventSource("/ops/stream");
    stream.addEventListener("heartbeat", function (e) {
      setLive(true, "live · " + e.data.substring(11, 19) + " UTC");
    });
    ["overview", "jobcounts", "sources", "runs", "backlog"].forEach(function (name) {
      stream.addEventListener(name, function (e) { swap(name, e.data); });
    });
    stream.addEventListener("jobs", function (e) { swapJobs(e.data); });
    stream.addEventListener("point", function (e) { addPoint(JSON.parse(e.data)); });
    // The browser reconnects by itself (the server asks for 2 s); a refused stream means the sign-in is gone.
    stream.onerror = function () {
      setLive(false, "reconnecting…");
      if (stream.readyState === EventSource.CLOSED) {
        setTimeout(function () { window.location.reload(); }, 5000);
      }
    };
  }

  function showProblems() {
    const flash = document.getElementById("flash");
    document.body.addEventListener("htmx:responseError", function (e) {
      let message = "The request failed (" + e.detail.xhr.status + ").";
      try { message = JSON.parse(e.detail.xhr.responseText).detail || message; } catch (ignored) { /* not JSON */ }
      if (flash) { flash.textContent = message; flash.hidden = false; }
    });
    document.body.addEventListener("htmx:afterRequest", function (e) {
      if (flash && e.detail.successful) flash.hidden = true;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    showProblems();
    connect();
  });
})();
