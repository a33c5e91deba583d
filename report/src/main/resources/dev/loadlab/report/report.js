(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var COLORS = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#1b7c83", "#e16f24", "#6e7781", "#bf3989", "#0550ae"];

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { e.textContent = attrs[k]; } else if (k === "cls") { e.className = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
    return e;
  }
  function section(id) { return document.getElementById(id); }
  function num(v, digits) {
    if (v === null || v === undefined || isNaN(v)) { return "–"; }
    var d = digits === undefined ? (Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 1 ? 2 : 4) : digits;
    return Number(v).toLocaleString("en-US", { maximumFractionDigits: d });
  }
  function ms(v) { return v === null || v === undefined ? "–" : num(v, v >= 100 ? 0 : 2) + " ms"; }
  function bytes(v) {
    if (!v) { return "0 B"; }
    var u = ["B", "kB", "MB", "GB", "TB"], i = 0;
    while (v >= 1000 && i < u.length - 1) { v /= 1000; i++; }
    return num(v, 1) + " " + u[i];
  }
  function time(s) { return s ? s.replace("T", " ").replace(/\.\d+Z$/, "Z").replace(/Z$/, " UTC") : "–"; }
  function pct(v) { return num(v * 100, 2) + " %"; }
  function empty(parent, text) { parent.appendChild(el("p", { cls: "empty", text: text })); }
  function table(parent, headers, rows, sortable) {
    var t = el("table", sortable ? { cls: "sortable" } : {});
    var head = el("tr", {}, headers.map(function (h, i) { return el("th", { cls: i === 0 ? "text" : "", text: h }); }));
    t.appendChild(el("thead", {}, [head]));
    var body = el("tbody");
    rows.forEach(function (r) {
      body.appendChild(el("tr", {}, r.map(function (c, i) {
        var cell = c && c.node ? c.node : null;
        var td = el("td", { cls: (i === 0 || (c && c.text) ? "text" : "") + (c && c.cls ? " " + c.cls : "") }, cell ? [cell] : []);
        if (!cell) { td.textContent = c && c.show !== undefined ? c.show : (c === null || c === undefined ? "–" : String(c)); }
        if (c && c.sort !== undefined) { td.setAttribute("data-sort", c.sort); }
        return td;
      })));
    });
    t.appendChild(body);
    if (sortable) { makeSortable(t); }
    parent.appendChild(t);
    return t;
  }
  function makeSortable(t) {
    var ths = t.querySelectorAll("th");
    ths.forEach(function (th, col) {
      th.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        ths.forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(t.tBodies[0].rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
          return asc ? c : -c;
        });
        rows.forEach(function (r) { t.tBodies[0].appendChild(r); });
      });
    });
    function key(td) {
      var s = td.getAttribute("data-sort");
      if (s !== null && s !== "" && !isNaN(Number(s))) { return Number(s); }
      return td.textContent;
    }
  }

  var charts = [];
  function chart(parent, title, x, series, opts) {
    opts = opts || {};
    var box = el("div", { cls: "chart" });
    parent.appendChild(box);
    var usable = series.filter(function (s) { return s.values.some(function (v) { return v !== null && v !== undefined; }); });
    if (!x.length || !usable.length) {
      box.appendChild(el("h3", { text: title }));
      empty(box, "no data in this run");
      return;
    }
    var width = Math.max(320, (box.clientWidth || 540) - 16);
    var cmp = opts.compare && opts.compare.x && opts.compare.x.length ? opts.compare : null;
    var cmpSeries = cmp ? cmp.series.filter(function (c) { return c.values.some(function (v) { return v !== null && v !== undefined; }); }) : [];
    var data = [x].concat(usable.map(function (s) { return s.values; }));
    if (cmpSeries.length) {
      // the other run's intervals end at other times: one x axis for both, each line spanning the other's points
      data = uPlot.join([data, [cmp.x].concat(cmpSeries.map(function (c) { return c.values; }))]);
    }
    var seriesOpts = usable.map(function (s, i) {
      var o = { label: s.label, stroke: s.color || COLORS[i % COLORS.length], width: 1.5, spanGaps: cmpSeries.length > 0,
        value: function (u, v) { return v === null || v === undefined ? "–" : (opts.format ? opts.format(v) : num(v)); } };
      if (opts.bars) { o.fill = (s.color || COLORS[i % COLORS.length]) + "99"; o.paths = uPlot.paths.bars({ size: [0.6, 80] }); o.points = { show: false }; }
      return o;
    }).concat(cmpSeries.map(function (c, i) {
      return { label: c.label, stroke: c.color || COLORS[i % COLORS.length], width: 1.5, dash: [6, 4], spanGaps: true,
        value: function (u, v) { return v === null || v === undefined ? "–" : (opts.format ? opts.format(v) : num(v)); } };
    }));
    var u = new uPlot({
      title: title, width: width, height: opts.height || 240,
      scales: { x: opts.logX || opts.bars ? { time: false, distr: opts.logX ? 3 : 1 }
        : { time: false, range: function (u, min, max) { return [0, max > 0 ? max : 1]; } }, y: { range: function (u, min, max) { return [Math.min(0, min), max > 0 ? max * 1.05 : 1]; } } },
      axes: [
        { label: opts.xLabel || "seconds since start", values: opts.xValues, splits: opts.xSplits,
          filter: opts.xSplits ? function (u, splits) { return splits; } : undefined },
        { label: opts.yLabel || "", size: 70, values: opts.yValues }
      ],
      series: [{ label: opts.xName || "t", value: opts.xValue }].concat(seriesOpts)
    }, data, box);
    charts.push(u);
  }

  function header() {
    var h = data.header, s = data.summary || {}, p = section("header");
    p.appendChild(el("h1", { text: "LoadTest " + (h.namespace ? h.namespace + "/" : "") + h.name + " · run " + h.run }));
    p.appendChild(el("p", {}, [el("span", { cls: "phase " + h.phase, text: h.phase || "unknown" }), " ",
      el("b", { text: h.reason || "" }), h.message ? " — " + h.message : ""]));
    var facts = [
      ["Started", time(h.startTime)], ["Ended", time(h.endTime)], ["Duration", num(h.durationSeconds, 1) + " s"],
      ["Requests", num(s.requests, 0)], ["Requests/s", num(s.rps, 2)],
      ["Failures", num(s.failures, 0) + (s.requests ? " (" + pct(s.failures / s.requests) + ")" : "")],
      ["p95 latency", ms(s.latency && s.latency.p95)], ["Iterations", num(s.iterations, 0)],
      ["Dropped iterations", num(s.droppedIterations, 0)], ["Data sent", bytes(s.dataSent)],
      ["Data received", bytes(s.dataReceived)], ["Thresholds passed", data.thresholdsPassed || "–"]
    ];
    p.appendChild(el("div", { cls: "facts" }, facts.map(function (f) { return el("div", { cls: "fact" }, [f[0], el("b", { text: String(f[1]) })]); })));
    var regions = {};
    h.runners.forEach(function (r) { var k = r.region || "(one region)"; (regions[k] = regions[k] || []).push(r); });
    table(p, ["Region", "Runners", "Results collected"], Object.keys(regions).map(function (k) {
      var rs = regions[k];
      return [k, { show: rs.map(function (r) { return r.name; }).join(", "), text: true },
        rs.filter(function (r) { return r.collected; }).length + " of " + rs.length];
    }));
    var measured = h.runners.filter(function (r) { return r.health && r.health.eventLoopLagMs; });
    if (measured.length) {
      p.appendChild(el("h3", { text: "Could the runners keep up?" }));
      var judged = {};
      ((data.runnerHealth && data.runnerHealth.runners) || []).forEach(function (j) { judged[j.runner] = j.exceeded || []; });
      if (data.runnerHealth && data.runnerHealth.verdict === "Saturated") {
        p.appendChild(el("p", { cls: "note", text: data.runnerHealth.message }));
      }
      table(p, ["Runner", "Event-loop lag p99", "max", "CPU avg", "max", "GC pauses", "Blocked", "Dropped"], measured.map(function (r) {
        var g = r.health;
        var over = judged[r.name] || [];
        function mark(figure, show) { return over.indexOf(figure) >= 0 ? { show: show + " ⚠", cls: "over" } : show; }
        return [r.name, mark("eventLoopLag", ms(g.eventLoopLagMs.p99)), ms(g.eventLoopLagMs.max),
          mark("cpu", pct(g.cpu.avg) + " of " + num(g.cores, 2) + " cores"), pct(g.cpu.max),
          mark("gcPause", num(g.gcPauseMs, 0) + " ms (" + pct(g.gcPauseShare) + ")"),
          mark("blocked", g.blockedShare === undefined ? "–" : pct(g.blockedShare)),
          mark("droppedIterations", g.droppedShare === undefined ? "–" : pct(g.droppedShare))];
      }), true);
    }
    if (data.regions.length) {
      p.appendChild(el("h3", { text: "Per region" }));
      table(p, ["Region", "Runners", "Requests", "Req/s", "Failures", "p50", "p95", "p99", "Max"], data.regions.map(function (g) {
        return [g.region, num(g.runners, 0), { show: num(g.requests, 0), sort: g.requests }, num(g.rps, 2),
          { show: num(g.failures, 0), sort: g.failures }, ms(g.p50), ms(g.p95), ms(g.p99), ms(g.max)];
      }), true);
    }
    p.appendChild(el("p", { cls: "muted", text: (h.origin === "cluster" ? "Run by the loadlab operator" : "Run locally with loadlab run")
      + "; figures merged over " + h.runners.length + " runner(s), in intervals of " + num(h.intervalSeconds, 1) + " s." }));
    if (data.dropped.length) {
      p.appendChild(el("p", { cls: "note", text: "Left out of this record to fit its size budget: " + data.dropped.join(", ") + "." }));
    }
  }

  function thresholds() {
    var p = section("thresholds");
    if (!data.thresholds.length) { empty(p, "This test has no thresholds."); return; }
    table(p, ["Metric", "Condition", "Observed", "Result"], data.thresholds.map(function (t) {
      var ok = t.passed === true;
      var observed = t.windows !== undefined && t.windows !== null
        ? t.windowsMet + " of " + t.windows + " windows" + (t.objectiveMet === null || t.objectiveMet === undefined ? "" : " (" + num(t.objectiveMet, 1) + " %)")
          + (t.worstWindow ? "; worst " + t.worstWindow : "")
        : (t.value === undefined || t.value === null ? "–" : num(t.value, 6))
          + (t.baselineRun ? (t.baseline === undefined || t.baseline === null ? "; baseline " + t.baselineRun
            : "; baseline " + t.baselineRun + ": " + num(t.baseline, 6) + ", limit " + num(t.limit, 6) + (t.change ? " (" + t.change + ")" : "")) : "");
      return [{ show: t.metric + (t.labels ? " " + JSON.stringify(t.labels) : ""), text: true },
        { show: t.condition + (t.judgedBy ? " [" + t.judgedBy + "]" : ""), text: true }, { show: observed, text: true },
        { node: el("span", { cls: ok ? "pass" : "fail", text: (ok ? "✓ passed" : "✗ failed") + (t.aborted ? " (aborted the run)" : "") }) }];
    }));
  }

  function overTime() {
    var p = section("over-time"), s = data.series, grid = el("div", { cls: "charts" });
    p.appendChild(grid);
    var classes = Object.keys(s.responsesPerSecondByClass);
    var classColors = { "2xx": "#1a7f37", "3xx": "#0969da", "4xx": "#bf8700", "5xx": "#cf222e", "none": "#6e7781", "1xx": "#8250df" };
    var other = data.compare ? data.compare.series : null;
    var tag = data.compare ? " (run " + data.compare.run + ")" : "";
    function cmp(list) { return other ? { x: other.t, series: list } : null; }
    chart(grid, "Requests per second", s.t, [{ label: "requests/s", values: s.rps }, { label: "failures/s", values: s.failuresPerSecond, color: "#cf222e" }],
      { compare: cmp(other ? [{ label: "requests/s" + tag, values: other.rps }, { label: "failures/s" + tag, values: other.failuresPerSecond, color: "#cf222e" }] : []) });
    if (classes.length) {
      chart(grid, "Responses per second by status class", s.t, classes.map(function (k) {
        return { label: k === "none" ? "no response" : k, values: s.responsesPerSecondByClass[k], color: classColors[k] };
      }));
    }
    chart(grid, "Virtual users", s.t, [{ label: "VUs", values: s.vus }]);
    chart(grid, "Latency (ms)", s.t, ["p50", "p95", "p99", "max"].map(function (k) { return { label: k, values: s[k] }; }),
      { yLabel: "ms", format: function (v) { return num(v, 2) + " ms"; },
        compare: cmp(other ? ["p50", "p95", "p99"].map(function (k) { return { label: k + tag, values: other[k] }; }) : []) });
    chart(grid, "Iterations per second", s.t, [{ label: "iterations/s", values: s.iterationsPerSecond },
      { label: "dropped/s", values: s.droppedPerSecond, color: "#cf222e" }]);
    chart(grid, "Data per second", s.t, [{ label: "sent", values: s.sentPerSecond }, { label: "received", values: s.receivedPerSecond }],
      { format: function (v) { return bytes(v) + "/s"; }, yValues: function (u, vals) { return vals.map(bytes); } });
  }

  function latency() {
    var p = section("latency"), l = data.latency, names = Object.keys(l.series);
    if (!names.length) { empty(p, "No requests were recorded."); return; }
    function label(x) { return x === null || !isFinite(x) || x < 1 ? "" : "p" + (Math.round((100 - 100 / x) * 1000) / 1000); }
    var series = names.map(function (n) { return { label: n, values: l.series[n] }; });
    if (data.compare && data.compare.latency.series["all requests"]) {
      series.push({ label: "all requests (run " + data.compare.run + ")", values: data.compare.latency.series["all requests"], color: "#6e7781" });
    }
    chart(p, "Latency by percentile (ms), overall and per resource", l.x, series,
      { logX: true, xLabel: "percentile", xName: "percentile", xValue: function (u, v) { return v === null ? "–" : label(v); },
        xSplits: function () { return [1, 2, 10, 100, 1000, 10000, 100000]; },
        xValues: function (u, splits) { return splits.map(label); }, yLabel: "ms", height: 320, format: function (v) { return num(v, 2) + " ms"; } });
  }

  function resources() {
    var p = section("resources"), rs = (data.summary && data.summary.resources) || [];
    if (!rs.length) { empty(p, "No requests were recorded."); return; }
    var seconds = (data.summary && data.summary.durationSeconds) || 0;
    table(p, ["Scenario", "Resource", "Requests", "Req/s", "Failures", "p50", "p90", "p95", "p99", "Max", "Statuses"], rs.map(function (r) {
      var l = r.latency || {};
      var st = Object.keys(r.statuses || {}).map(function (k) { return (k === "0" ? "none" : k) + ": " + r.statuses[k]; }).join(", ");
      return [r.scenario, { show: r.resource + (r.tags ? " " + JSON.stringify(r.tags) : ""), text: true },
        { show: num(r.requests, 0), sort: r.requests }, { show: num(seconds ? r.requests / seconds : 0, 2), sort: seconds ? r.requests / seconds : 0 },
        { show: num(r.failures, 0), sort: r.failures }, { show: ms(l.p50), sort: l.p50 }, { show: ms(l.p90), sort: l.p90 },
        { show: ms(l.p95), sort: l.p95 }, { show: ms(l.p99), sort: l.p99 }, { show: ms(l.max), sort: l.max }, { show: st, text: true }];
    }), true);
    if (data.phases.length) {
      p.appendChild(el("h3", { text: "Where the time went (mean per request)" }));
      table(p, ["Resource", "Blocked", "Connecting", "TLS", "Sending", "Waiting", "Receiving"], data.phases.map(function (r) {
        return [r.resource, ms(r.blocked), ms(r.connecting), ms(r.tlsHandshaking), ms(r.sending), ms(r.waiting), ms(r.receiving)];
      }), true);
    }
  }

  function checks() {
    var p = section("checks"), names = Object.keys(data.checks);
    if (names.length) {
      table(p, ["Check", "Passed", "Failed", "Pass rate"], names.map(function (n) {
        var c = data.checks[n], all = c[0] + c[1];
        return [n, num(c[0], 0), { node: el("span", { cls: c[1] ? "fail" : "", text: num(c[1], 0) }) }, all ? pct(c[0] / all) : "–"];
      }), true);
    } else { empty(p, "This test has no checks."); }
    var errors = Object.keys(data.connectionErrors);
    p.appendChild(el("h3", { text: "Connection errors" }));
    if (errors.length) {
      table(p, ["Kind", "Count"], errors.map(function (k) { return [k, num(data.connectionErrors[k], 0)]; }));
    } else { empty(p, "None."); }
  }

  function custom() {
    var p = section("custom");
    if (!data.custom.length) { empty(p, "This test records no custom metrics."); return; }
    data.custom.forEach(function (m) {
      var card = el("div", { cls: "card" });
      p.appendChild(card);
      var units = m.units ? " (" + m.units + ")" : "";
      card.appendChild(el("h3", { text: m.name + units + " · " + m.type }));
      var cols = (data.series.custom[m.name] || { columns: {} }).columns, t = data.series.t;
      var grid = el("div", { cls: "charts" });
      if (m.type === "trend" || m.type === "timing") {
        table(card, ["Count", "Min", "Avg", "p50", "p90", "p95", "p99", "Max", "Sum"], [[num(m.count, 0), num(m.min), num(m.avg), num(m.p50), num(m.p90), num(m.p95), num(m.p99), num(m.max), num(m.sum)]]);
        card.appendChild(grid);
        chart(grid, m.name + " over time", t, ["avg", "p50", "p95", "p99"].map(function (k) { return { label: k, values: cols[k] || [] }; }));
      } else if (m.type === "counter") {
        table(card, ["Total", "Per second"], [[num(m.total), num(data.summary && data.summary.durationSeconds ? m.total / data.summary.durationSeconds : 0)]]);
        card.appendChild(grid);
        chart(grid, m.name + " per second", t, [{ label: "per second", values: cols.perSecond || [] }]);
      } else if (m.type === "rate") {
        table(card, ["Share", "Non-zero", "Count"], [[pct(m.share), num(m.nonZero, 0), num(m.count, 0)]]);
        card.appendChild(grid);
        chart(grid, m.name + " share over time", t, [{ label: "share", values: cols.share || [] }], { format: pct, yValues: function (u, v) { return v.map(pct); } });
      } else if (m.type === "gauge") {
        table(card, ["Last", "Min", "Max"], [[num(m.last), num(m.min), num(m.max)]]);
        card.appendChild(grid);
        chart(grid, m.name + " over time", t, [{ label: "value", values: cols.value || [] }]);
      } else if (m.type === "histogram") {
        var keys = Object.keys(m.buckets), total = keys.reduce(function (a, k) { return a + m.buckets[k]; }, 0);
        table(card, ["Key", "Count", "Share"], keys.map(function (k) { return [k, { show: num(m.buckets[k], 0), sort: m.buckets[k] }, pct(total ? m.buckets[k] / total : 0)]; }), true);
        card.appendChild(grid);
        var xs = keys.map(function (k, i) { return i; });
        chart(grid, m.name + ": count per key", xs, [{ label: "count", values: keys.map(function (k) { return m.buckets[k]; }) }],
          { bars: true, xLabel: "key", xName: "key", xValue: function (u, v) { return v === null ? "–" : keys[v]; },
            xValues: function (u, splits) { return splits.map(function (v) { return Number.isInteger(v) && keys[v] !== undefined ? keys[v] : ""; }); },
            format: function (v) { return num(v, 0) + " (" + pct(total ? v / total : 0) + ")"; } });
        chart(grid, m.name + " per second, by key", t, keys.map(function (k) { return { label: k, values: cols[k] || [] }; }));
      }
    });
  }

  function traces() {
    var p = section("traces"), all = data.traces || [];
    if (!all.length) {
      empty(p, data.dropped.indexOf("traces") >= 0 ? "The traces were left out of this record to fit its budget." : "No traces were kept in this run.");
      return;
    }
    var resources = Array.from(new Set(all.map(function (t) { return t.resource; }))).sort();
    var statuses = Array.from(new Set(all.map(function (t) { return String(t.status); }))).sort();
    function select(name, values) {
      return el("select", { "aria-label": name }, [el("option", { value: "", text: "every " + name })].concat(values.map(function (v) { return el("option", { value: v, text: v }); })));
    }
    var byResource = select("resource", resources), byStatus = select("status", statuses);
    p.appendChild(el("div", { cls: "filters" }, [byResource, byStatus]));
    var list = el("div");
    p.appendChild(list);
    function render() {
      list.textContent = "";
      all.filter(function (t) {
        return (!byResource.value || t.resource === byResource.value) && (!byStatus.value || String(t.status) === byStatus.value);
      }).forEach(function (t) {
        var d = el("details", { cls: "trace" }, [el("summary", {}, [el("b", { cls: t.status >= 400 || t.status === 0 ? "fail" : "", text: String(t.status) }),
          " " + (t.method || "") + " " + (t.url || t.resource) + " · " + num(t.durationMs, 2) + " ms" + (t.error ? " · " + t.error : "")])]);
        (t.packets || []).forEach(function (pk) {
          d.appendChild(el("h3", { text: pk.type + (pk.truncated ? " (truncated)" : "") + (pk.dataDropped ? " (body left out of the record)" : "") }));
          var headers = Object.keys(pk.headers || {}).map(function (k) { return k + ": " + pk.headers[k]; }).join("\n");
          d.appendChild(el("pre", { text: headers + (pk.data ? "\n\n" + pk.data : "") }));
        });
        list.appendChild(d);
      });
    }
    byResource.addEventListener("change", render);
    byStatus.addEventListener("change", render);
    render();
  }

  function differences() {
    var p = section("differences");
    if (!data.compare) { p.remove(); return; }
    var c = data.compare;
    p.appendChild(el("p", {}, ["This run (" + data.header.phase + ") against ", el("b", { text: c.name + " run " + c.run }),
      " (" + (c.phase || "?") + ", started " + time(c.startTime) + "): dashed lines in the charts. Regressions first."]));
    table(p, ["Figure", "This run", "Run " + c.run, "Change"], c.differences.map(function (d) {
      var change = d.change === null || d.change === undefined ? "–" : (d.change > 0 ? "+" : "") + num(d.change, 1) + " %";
      return [{ show: d.figure, text: true }, { show: num(d.run) + (d.units === "%" ? " %" : d.units ? " " + d.units : ""), sort: d.run },
        { show: num(d.other) + (d.units === "%" ? " %" : d.units ? " " + d.units : ""), sort: d.other },
        { node: el("span", { cls: d.regression ? "fail" : "", text: change + (d.regression ? " ✗" : "") }), sort: d.change }];
    }), true);
  }

  [header, differences, thresholds, overTime, latency, resources, checks, custom, traces].forEach(function (f) { f(); });
  window.addEventListener("beforeprint", function () { charts.forEach(function (u) { u.setSize({ width: 680, height: u.height }); }); });
})();
