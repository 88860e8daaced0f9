/* braindiet — the whole-site graph (/docs/graph/).
 *
 * Runs after core.js, graph-paths.js and graph-zoom.js, whose helpers it shares
 * (window.braindiet). The layout comes from d3-force (vendored in the package by
 * scripts/vendor-js, loaded only on this page); drawing, zoom and highlighting are plain SVG,
 * so the theme's colours and the browser's links just work. */
(function () {
  "use strict";

  var shared = window.braindiet;
  var view = document.querySelector("[data-graph-view]");
  if (!shared || !shared.paths || !shared.panZoom || !view || !window.fetch || !window.d3) {
    return;
  }
  var svgElement = shared.svgElement;
  var element = shared.element;
  var paths = shared.paths;

  var ALWAYS_NAMED = 40;  // kinds with at most this many pages show every label

  function radius(kind) {
    return shared.kind(kind).radius;
  }

  function label(kind) {
    return shared.kind(kind).label;
  }

  function graphView(data) {
    var nodes = data.nodes.map(function (row, index) {
      return { index: index, kind: data.kinds[row[0]], column: row[0], label: row[1],
               url: row[2], title: row[3] || row[1] };
    });
    var counts = {};
    nodes.forEach(function (n) { counts[n.kind] = (counts[n.kind] || 0) + 1; });
    var stage = view.querySelector("[data-graph-stage]");
    var svg = svgElement("svg", { "class": "graph-svg", "role": "group",
                                  "aria-label": "Graph of the causal chain" }, stage);
    var viewport = svgElement("g", { "class": "gv-viewport" }, svg);
    return {
      data: data, nodes: nodes, counts: counts,
      edges: data.edges.map(function (pair) {
        return { source: nodes[pair[0]], target: nodes[pair[1]] };
      }),
      stage: stage, svg: svg, viewport: viewport,
      edgeLayer: svgElement("g", { "class": "gv-edges", "aria-hidden": "true" }, viewport),
      nodeLayer: svgElement("g", { "class": "gv-nodes" }, viewport),
      status: view.querySelector("[data-graph-status]"),
      notice: view.querySelector("[data-graph-notice]"),
      info: view.querySelector("[data-graph-info]"),
      toggles: Array.prototype.slice.call(view.querySelectorAll("[data-kind-toggle]")),
      pathForm: view.querySelector("[data-path-form]"),
      names: view.querySelector("#graph-names"),
      limit: parseInt(view.dataset.nodeLimit, 10) || 3000,
      shown: [],  // nodes drawn now
      shownEdges: [],
      outs: new Map(), ins: new Map(),
      selection: null,  // the lit path, kept while the pointer wanders
      zoom: null,
    };
  }

  /* ---- which kinds are drawn: all that fit under the limit ---- */

  function chosenKinds(g) {
    return g.toggles.filter(function (t) { return t.checked; }).map(function (t) {
      return t.value;
    });
  }

  function total(g, kinds) {
    return kinds.reduce(function (sum, kind) { return sum + (g.counts[kind] || 0); }, 0);
  }

  function startWithinLimit(g) {
    var kinds = chosenKinds(g);
    if (total(g, kinds) <= g.limit) return;
    // Leave out the most numerous kinds until the rest fits (keeping one at least).
    var dropped = [];
    var bySize = kinds.slice().sort(function (a, b) { return g.counts[b] - g.counts[a]; });
    while (total(g, kinds) > g.limit && kinds.length > 1) {
      var largest = bySize.shift();
      kinds.splice(kinds.indexOf(largest), 1);
      dropped.push(largest);
    }
    g.toggles.forEach(function (t) { t.checked = kinds.indexOf(t.value) >= 0; });
    g.notice.hidden = false;
    g.notice.textContent = "This knowledge base has " + g.nodes.length.toLocaleString("en") +
      " pages on the chain; the graph draws at most " + g.limit.toLocaleString("en") +
      " at once, so it starts without " + dropped.map(function (k) {
        return shared.kind(k).plural.toLowerCase();
      }).join(" and ") + ". Add a kind when the total fits.";
  }

  function guardLimit(g) {
    var shownTotal = total(g, chosenKinds(g));
    g.toggles.forEach(function (t) {
      var tooMany = !t.checked && shownTotal + g.counts[t.value] > g.limit;
      t.disabled = tooMany;
      t.closest("label").title = tooMany ? "Too many pages to draw together with the rest" : "";
    });
  }

  /* ---- the layout ---- */

  function connect(g, kinds) {
    g.shown = g.nodes.filter(function (n) { return kinds.indexOf(n.kind) >= 0; });
    var drawn = new Set(g.shown);
    g.shownEdges = g.edges.filter(function (e) {
      return drawn.has(e.source) && drawn.has(e.target);
    });
    g.outs = new Map(g.shown.map(function (n) { return [n, []]; }));
    g.ins = new Map(g.shown.map(function (n) { return [n, []]; }));
    g.shownEdges.forEach(function (e) {
      g.outs.get(e.source).push(e.target);
      g.ins.get(e.target).push(e.source);
    });
  }

  /* Each kind gets a band, left to right along the chain, as wide as its crowd needs. A kind
   * few enough to name every page is a column instead, its labels outward. */
  function bands(g, columns, columnar) {
    var centres = {};
    var x = 0;
    columns.forEach(function (kind, at) {
      var width = columnar(kind) ? 0 : Math.max(90, Math.sqrt(g.counts[kind]) * 30);
      var labelsLeft = columnar(kind) && at === 0 && columns.length > 1;
      if (labelsLeft) x += 150;
      centres[kind] = x + width / 2;
      x += width + (columnar(kind) && !labelsLeft ? 190 : 110);
    });
    g.shown.forEach(function (n) {
      n.labelLeft = columnar(n.kind) && n.kind === columns[0] && columns.length > 1;
    });
    return centres;
  }

  function spiralStart(g, centres) {
    var rank = {};
    g.shown.forEach(function (n) {  // a deterministic start: each band a loose spiral
      var at = rank[n.kind] = (rank[n.kind] || 0) + 1;
      var angle = at * 2.399963;  // the golden angle
      var distance = Math.sqrt(at) * 14;
      n.x = centres[n.kind] + Math.cos(angle) * distance * 0.6;
      n.y = Math.sin(angle) * distance;
      n.vx = n.vy = 0;
      n.fx = n.fy = null;
    });
  }

  /* Named columns: evenly spaced, ordered by where their neighbours settle. */
  function settleColumns(g, kinds, centres) {
    kinds.forEach(function (kind) {
      var members = g.shown.filter(function (n) { return n.kind === kind; });
      var mean = function (n) {
        var linked = g.outs.get(n).concat(g.ins.get(n));
        if (!linked.length) return n.y;
        return linked.reduce(function (sum, o) { return sum + o.y; }, 0) / linked.length;
      };
      var means = new Map(members.map(function (n) { return [n, mean(n)]; }));
      members.sort(function (a, b) {
        return means.get(a) - means.get(b) || a.label.localeCompare(b.label);
      });
      var spacing = 26;
      members.forEach(function (n, at) {
        n.fx = n.x = centres[kind];
        n.fy = n.y = (at - (members.length - 1) / 2) * spacing;
      });
    });
  }

  function layout(g, kinds) {
    var columns = kinds.slice().sort(function (a, b) {
      return g.data.kinds.indexOf(a) - g.data.kinds.indexOf(b);
    });
    connect(g, kinds);
    var columnar = function (kind) { return g.counts[kind] <= ALWAYS_NAMED; };
    var named = columns.filter(columnar);
    var centres = bands(g, columns, columnar);
    spiralStart(g, centres);
    settleColumns(g, named, centres);
    var d3 = window.d3;
    var simulation = d3.forceSimulation(g.shown)
      .force("link", d3.forceLink(g.shownEdges.map(function (e) {
        return { source: e.source, target: e.target };
      })).distance(80).strength(0.03))
      .force("charge", d3.forceManyBody().strength(-28).distanceMax(260).theta(0.95))
      .force("x", d3.forceX(function (n) { return centres[n.kind]; }).strength(0.22))
      .force("y", d3.forceY(0).strength(0.06))
      .force("collide", d3.forceCollide(function (n) { return radius(n.kind) + 2.5; }))
      .stop();
    var ticks = g.shown.length < 600 ? 300 : g.shown.length < 1500 ? 180 : 110;
    for (var i = 0; i < ticks; i++) simulation.tick();
    settleColumns(g, named, centres);
    simulation.alpha(0.3);
    for (var j = 0; j < ticks / 3; j++) simulation.tick();
  }

  /* ---- the drawing ---- */

  function drawNode(g, n, named) {
    var r = radius(n.kind);
    var link = svgElement("a", { "href": n.url, "class": "gv-node gv-node--" + n.kind,
                                 "data-kind": n.kind,
                                 "aria-label": n.title + " (" + label(n.kind) + ")",
                                 "transform": "translate(" + n.x.toFixed(1) + "," +
                                              n.y.toFixed(1) + ")" }, g.nodeLayer);
    if (named) link.classList.add("gv-node--named");
    svgElement("title", {}, link).textContent = n.title;
    svgElement("circle", { "r": r }, link);
    var text = svgElement("text", n.labelLeft ? { "x": -r - 4, "y": 4, "text-anchor": "end" }
                                              : { "x": r + 4, "y": 4 }, link);
    text.textContent = n.label;
    n.element = link;
    link.addEventListener("mouseenter", function () { hover(g, n); });
    link.addEventListener("mouseleave", function () { hover(g, null); });
    link.addEventListener("focus", function () { hover(g, n); });
    link.addEventListener("blur", function () { hover(g, null); });
  }

  function fillNames(g) {
    g.names.textContent = "";
    var seen = {};
    g.shown.slice().sort(paths.byLabel).forEach(function (n) {
      var option = document.createElement("option");
      option.value = seen[n.label] ? paths.qualified(n) : n.label;
      seen[n.label] = true;
      g.names.appendChild(option);
    });
  }

  function summary(g) {
    return g.shown.length + " pages and " + g.shownEdges.length + " links along the chain.";
  }

  function draw(g) {
    g.edgeLayer.textContent = "";
    g.nodeLayer.textContent = "";
    g.shownEdges.forEach(function (e) {
      e.element = svgElement("line", { "x1": e.source.x.toFixed(1), "y1": e.source.y.toFixed(1),
                                       "x2": e.target.x.toFixed(1), "y2": e.target.y.toFixed(1),
                                       "class": "gv-edge" }, g.edgeLayer);
    });
    var perKind = {};
    g.shown.forEach(function (n) { perKind[n.kind] = (perKind[n.kind] || 0) + 1; });
    g.shown.forEach(function (n) { drawNode(g, n, perKind[n.kind] <= ALWAYS_NAMED); });
    fillNames(g);
    g.status.textContent = summary(g);
  }

  /* ---- highlighting: a node's chains, or a path ---- */

  function light(g, lit) {
    g.svg.classList.toggle("is-lit", !!lit);
    g.shown.forEach(function (n) {
      n.element.classList.toggle("is-on", !!lit && lit.has(n));
    });
    g.shownEdges.forEach(function (e) {
      e.element.classList.toggle("is-on", !!lit && lit.hasEdge(e.source, e.target));
    });
  }

  function hover(g, node) {
    if (!node) {
      g.info.hidden = true;
      light(g, g.selection);
      return;
    }
    var chain = shared.chainOf(node, g.outs, g.ins);
    light(g, chain);
    var linked = g.shown.filter(function (n) { return n !== node && chain.has(n); }).length;
    g.info.textContent = "";
    g.info.append(element("span", "graph-view__info-kind", label(node.kind)),
                  element("strong", "", node.title),
                  element("span", "", linked + " pages on its chains"));
    g.info.hidden = false;
  }

  /* ---- what "fit" frames: every node and its label ---- */

  function bounds(g) {
    if (!g.shown.length) return null;
    var labelWidth = function (n) {  // roughly: 11px bold text
      return n.element.classList.contains("gv-node--named") ? n.label.length * 7.2 + 16 : 12;
    };
    var extent = function (pick, of) { return pick.apply(null, g.shown.map(of)); };
    return {
      left: extent(Math.min, function (n) { return n.x - (n.labelLeft ? labelWidth(n) : 12); }),
      right: extent(Math.max, function (n) { return n.x + (n.labelLeft ? 12 : labelWidth(n)); }),
      top: extent(Math.min, function (n) { return n.y; }) - 20,
      bottom: extent(Math.max, function (n) { return n.y; }) + 20,
    };
  }

  /* ---- a chain from one page to another ---- */

  function showPath(g, fromName, toName) {
    var start = paths.find(g.shown, fromName), end = paths.find(g.shown, toName);
    if (!start || !end) {
      g.status.textContent = "No page called “" + (!start ? fromName : toName) +
                             "” among the pages shown.";
      return;
    }
    var path = paths.chainBetween(start, end, g.outs, g.ins);
    g.selection = path;
    light(g, path);
    if (!path) {
      g.status.textContent = "No causal chain links " + start.label + " and " + end.label +
                             " among the pages shown.";
      return;
    }
    g.status.textContent = "Chain: " + path.spelled.map(function (n) {
      return n.label;
    }).join(" → ") + ".";
  }

  function bindPathForm(g) {
    var form = g.pathForm;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var from = form.elements.from.value, to = form.elements.to.value;
      showPath(g, from, to);
      var params = new URLSearchParams(location.search);
      params.set("from", from);
      params.set("to", to);
      history.replaceState(null, "", "?" + params.toString());
    });
    view.querySelector("[data-path-clear]").addEventListener("click", function () {
      form.reset();
      g.selection = null;
      light(g, null);
      history.replaceState(null, "", location.pathname);
      g.status.textContent = summary(g);
    });
  }

  /* The chain the address asks for (?from=…&to=…), once the graph is drawn. */
  function showAddressedPath(g) {
    var params = new URLSearchParams(location.search);
    if (!params.get("from") || !params.get("to")) return;
    g.pathForm.elements.from.value = params.get("from");
    g.pathForm.elements.to.value = params.get("to");
    showPath(g, params.get("from"), params.get("to"));
  }

  /* ---- putting it together ---- */

  function redraw(g) {
    guardLimit(g);
    g.status.textContent = "Drawing the graph…";
    window.requestAnimationFrame(function () {
      window.setTimeout(function () {
        layout(g, chosenKinds(g));
        g.selection = null;
        draw(g);
        g.zoom.fit();
        showAddressedPath(g);
        view.classList.add("is-ready");
      }, 0);
    });
  }

  function setupGraph(data) {
    var g = graphView(data);
    g.zoom = shared.panZoom(g.svg, g.viewport, g.stage, view.querySelectorAll("[data-zoom]"),
                            function () { return bounds(g); });
    bindPathForm(g);
    g.toggles.forEach(function (t) { t.addEventListener("change", function () { redraw(g); }); });
    startWithinLimit(g);
    redraw(g);
    var lastSize = g.stage.clientWidth + "x" + g.stage.clientHeight;
    window.addEventListener("resize", function () {
      var size = g.stage.clientWidth + "x" + g.stage.clientHeight;
      if (size !== lastSize) {
        lastSize = size;
        g.zoom.fit();
      }
    });
  }

  shared.fetchJson(view.dataset.src).then(setupGraph).catch(function (error) {
    var status = view.querySelector("[data-graph-status]");
    status.textContent = "The graph could not be drawn (" + error.message + ").";
  });
})();
