/* braindiet — a page's local graph.
 *
 * The page among its neighbours along the chain, one column per kind in chain order (recipes →
 * foods → substances → targets → areas), from api/explore/local/<permalink>.json. Long
 * columns show their best-connected pages first and fold the rest into "+N more". */
(function () {
  "use strict";

  var shared = window.braindiet;
  var section = document.querySelector("[data-local-graph]");
  if (!shared || !section || !window.fetch) return;
  var svgElement = shared.svgElement;

  var LOCAL_ROWS = 8;
  var MIN_COLUMN = 96, MAX_COLUMN = 230;
  var PILL_HEIGHT = 26, ROW_GAP = 7, TOP = 30;
  var CHAIN = shared.kinds.filter(function (k) { return k.chain !== null; })
    .sort(function (a, b) { return a.chain - b.chain; })
    .map(function (k) { return k.kind; });

  function localGraphUrl() {
    var path = location.pathname.replace(/index\.html$/, "").replace(/\/+$/, "");
    var base = shared.rootPath.replace(/\/$/, "");
    if (path.indexOf(base) !== 0) return null;
    var relative = path.slice(base.length).replace(/^\/+/, "");
    return relative ? shared.siteRoot + "api/explore/local/" + relative + ".json" : null;
  }

  function fitText(text, width, measure) {
    if (measure(text) <= width) return text;
    var low = 0, high = text.length;
    while (low < high) {  // the longest prefix that fits with its ellipsis
      var middle = Math.ceil((low + high) / 2);
      if (measure(text.slice(0, middle).trimEnd() + "…") <= width) low = middle;
      else high = middle - 1;
    }
    return text.slice(0, low).trimEnd() + "…";
  }

  function sum(values) {
    return values.reduce(function (total, value) { return total + value; }, 0);
  }

  /* Text widths in the fonts the stylesheet gives labels and column headings. */
  function measurer(fontFamily) {
    var inFont = function (font) {
      var context = document.createElement("canvas").getContext("2d");
      context.font = font + " " + fontFamily;
      return function (text) { return context.measureText(text).width; };
    };
    var label = inFont("500 12.5px"), heading = inFont("600 11px");
    return {
      label: label,
      heading: function (text) {  // uppercase, letter-spaced by 0.06em
        return heading(text.toUpperCase()) + text.length * 0.66;
      },
    };
  }

  function readGraph(data) {
    var nodes = data.nodes.map(function (node, index) {
      return { index: index, kind: node.kind, label: node.label, title: node.title || node.label,
               url: node.url, page: index === 0 };
    });
    var outs = new Map(), ins = new Map();
    nodes.forEach(function (n) { outs.set(n, []); ins.set(n, []); });
    data.edges.forEach(function (edge) {
      outs.get(nodes[edge[0]]).push(nodes[edge[1]]);
      ins.get(nodes[edge[1]]).push(nodes[edge[0]]);
    });
    return { nodes: nodes, edges: data.edges, more: data.more || {}, outs: outs, ins: ins };
  }

  /* ---- columns -------------------------------------------------------------------------- */

  function column(graph, kind, expanded) {
    var degree = function (n) { return graph.outs.get(n).length + graph.ins.get(n).length; };
    var members = graph.nodes.filter(function (n) { return n.kind === kind; });
    members.sort(function (a, b) {
      return (b.page - a.page) || degree(b) - degree(a) || a.label.localeCompare(b.label);
    });
    var shown = expanded ? members : members.slice(0, LOCAL_ROWS);
    var hidden = members.length - shown.length;
    var omitted = graph.more[kind] || 0;  // left out of the file: a large site
    var extra = hidden ? { text: "+" + (hidden + omitted) + " more", expands: true }
      : omitted ? { text: omitted + " more not drawn", expands: false } : null;
    var info = shared.kind(kind);
    var heading = kind === graph.nodes[0].kind ? info.label
      : info.short + " " + (members.length + omitted);
    return { kind: kind, shown: shown, extra: extra, heading: heading, info: info };
  }

  /* Order each column by where its neighbours sit in the column nearer the page, so fewer
   * lines cross; outward from the page's own column. */
  function orderColumns(graph, byKind) {
    var page = graph.nodes[0];
    var home = byKind.findIndex(function (c) { return c.kind === page.kind; });
    var row = new Map([[page, 0]]);
    var order = function (from, to) {
      var near = byKind[from].shown;
      var mean = function (node) {
        var linked = graph.outs.get(node).concat(graph.ins.get(node)).filter(function (n) {
          return near.indexOf(n) >= 0;
        });
        if (!linked.length) return Infinity;
        return sum(linked.map(function (n) { return row.get(n); })) / linked.length;
      };
      var shown = byKind[to].shown;
      var means = new Map(shown.map(function (n) { return [n, mean(n)]; }));
      shown.sort(function (a, b) {
        return (means.get(a) - means.get(b)) || a.label.localeCompare(b.label);
      });
      shown.forEach(function (n, at) { row.set(n, at); });
    };
    for (var left = home - 1; left >= 0; left--) order(left + 1, left);
    for (var right = home + 1; right < byKind.length; right++) order(right - 1, right);
  }

  function columns(graph, expanded) {
    var byKind = CHAIN.filter(function (kind) {
      return graph.nodes.some(function (n) { return n.kind === kind; });
    }).map(function (kind) { return column(graph, kind, expanded); });
    orderColumns(graph, byKind);
    return byKind;
  }

  /* Each column as wide as its longest label wants (within limits), shrunk together when they
   * do not fit; the page scrolls sideways only below the minimum. */
  function columnWidths(byKind, room, measure) {
    var gap = 26;
    var natural = byKind.map(function (c) {
      return Math.min(MAX_COLUMN, Math.max.apply(null, c.shown.map(function (n) {
        return measure.label(n.label) + (n.page ? 44 : 34);  // the page's own is bold
      }).concat([MIN_COLUMN, measure.heading(c.heading) + 4])));
    });
    var free = room - gap * (byKind.length - 1);
    var cap = MAX_COLUMN;  // when they do not fit, the widest columns give way first
    if (sum(natural) > free) {
      var low = MIN_COLUMN;
      for (var step = 0; step < 24; step++) {
        var middle = (low + cap) / 2;
        if (sum(natural.map(function (w) { return Math.min(w, middle); })) > free) cap = middle;
        else low = middle;
      }
      cap = low;
    }
    var widths = natural.map(function (w) { return Math.min(w, cap); });
    var used = sum(widths);
    if (used < free && byKind.length > 1) gap = Math.min(80, (room - used) / (byKind.length - 1));
    var lefts = [];
    widths.reduce(function (x, w, at) { lefts[at] = x; return x + w + gap; }, 0);
    return { widths: widths, lefts: lefts, width: Math.max(room, used + gap * (byKind.length - 1)) };
  }

  /* ---- drawing ---------------------------------------------------------------------------- */

  function drawNode(view, node, box) {
    var group = node.page
      ? svgElement("g", { "class": "lg-node lg-node--page" }, view.nodeLayer)
      : svgElement("a", { "class": "lg-node", "href": node.url }, view.nodeLayer);
    group.classList.add("lg-node--" + node.kind);
    group.setAttribute("data-kind", node.kind);
    if (!node.page) {
      group.setAttribute("aria-label", node.title + " (" +
                         shared.kind(node.kind).label.toLowerCase() + ")");
    }
    svgElement("title", {}, group).textContent = node.title;
    svgElement("rect", { "x": box.x, "y": box.y, "width": box.width, "height": PILL_HEIGHT,
                         "rx": 8 }, group);
    svgElement("circle", { "class": "lg-dot", "cx": box.x + 12, "cy": box.y + PILL_HEIGHT / 2,
                           "r": 4 }, group);
    var label = svgElement("text", { "x": box.x + 22, "y": box.y + PILL_HEIGHT / 2 + 4.3 }, group);
    label.textContent = fitText(node.label, box.width - 30, view.measure.label);
    view.elements.set(node, group);
    var light = function (lit) { return function () { view.light(lit); }; };
    group.addEventListener("mouseenter", light(node));
    group.addEventListener("mouseleave", light(null));
    group.addEventListener("focus", light(node));
    group.addEventListener("blur", light(null));
  }

  function drawMore(view, c, box) {
    var more = svgElement("g", { "class": "lg-more" }, view.nodeLayer);
    svgElement("rect", { "x": box.x, "y": box.y, "width": box.width, "height": PILL_HEIGHT,
                         "rx": 8 }, more);
    var text = svgElement("text", { "x": box.x + box.width / 2,
                                    "y": box.y + PILL_HEIGHT / 2 + 4.3,
                                    "text-anchor": "middle" }, more);
    text.textContent = c.extra.text;
    if (!c.extra.expands) return;
    more.classList.add("lg-more--button");
    more.setAttribute("role", "button");
    more.setAttribute("tabindex", "0");
    more.setAttribute("aria-label", "Show more " + c.info.short.toLowerCase());
    var expand = function (event) {
      if (event.type === "keydown" && event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      view.expanded = true;
      render(view);
    };
    more.addEventListener("click", expand);
    more.addEventListener("keydown", expand);
  }

  function drawColumn(view, c, x, width, rows) {
    var count = c.shown.length + (c.extra ? 1 : 0);
    var y0 = TOP + (rows - count) * (PILL_HEIGHT + ROW_GAP) / 2;
    svgElement("text", { "class": "lg-heading", "x": x + 2, "y": 14 }, view.nodeLayer)
      .textContent = c.heading;
    c.shown.forEach(function (node, row) {
      var box = { x: x, y: y0 + row * (PILL_HEIGHT + ROW_GAP), width: width };
      view.places.set(node, box);
      drawNode(view, node, box);
    });
    if (c.extra) drawMore(view, c, { x: x, y: y0 + c.shown.length * (PILL_HEIGHT + ROW_GAP),
                                      width: width });
  }

  function drawEdges(view, edgeLayer) {
    var drawn = [];
    view.graph.edges.forEach(function (edge) {
      var source = view.graph.nodes[edge[0]], target = view.graph.nodes[edge[1]];
      var a = view.places.get(source), b = view.places.get(target);
      if (!a || !b) return;
      var x1 = a.x + a.width, y1 = a.y + PILL_HEIGHT / 2, x2 = b.x, y2 = b.y + PILL_HEIGHT / 2;
      var bend = (x2 - x1) / 2;
      var path = svgElement("path", {
        "d": "M" + x1 + "," + y1 + " C" + (x1 + bend) + "," + y1 + " " + (x2 - bend) + "," + y2 +
             " " + x2 + "," + y2 }, edgeLayer);
      drawn.push({ path: path, source: source, target: target });
    });
    return drawn;
  }

  /* Light up the chains through `node` (none: everything plain again). */
  function lighter(view, svg, edges) {
    return function (node) {
      svg.classList.toggle("is-lit", !!node);
      var chain = node ? shared.chainOf(node, view.graph.outs, view.graph.ins) : null;
      view.elements.forEach(function (group, n) {
        group.classList.toggle("is-on", !!chain && chain.has(n));
      });
      edges.forEach(function (e) {
        e.path.classList.toggle("is-on", !!chain && chain.hasEdge(e.source, e.target));
      });
    };
  }

  function render(view) {
    var canvas = view.canvas;
    var byKind = columns(view.graph, view.expanded);
    var style = getComputedStyle(canvas);
    var room = canvas.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    var layout = columnWidths(byKind, room, view.measure);
    var rows = Math.max.apply(null, byKind.map(function (c) {
      return c.shown.length + (c.extra ? 1 : 0);
    }));
    var height = TOP + rows * (PILL_HEIGHT + ROW_GAP);
    canvas.textContent = "";
    var svg = svgElement("svg", { "class": "local-graph__svg", "width": layout.width,
                                  "height": height,
                                  "viewBox": "0 0 " + layout.width + " " + height,
                                  "role": "group", "aria-labelledby": "local-graph-title" },
                         canvas);
    var edgeLayer = svgElement("g", { "class": "lg-edges", "aria-hidden": "true" }, svg);
    view.nodeLayer = svgElement("g", { "class": "lg-nodes" }, svg);
    view.places = new Map();
    view.elements = new Map();
    var edges = [];  // filled once the nodes are placed
    view.light = lighter(view, svg, edges);
    byKind.forEach(function (c, at) {
      drawColumn(view, c, layout.lefts[at], layout.widths[at], rows);
    });
    edges.push.apply(edges, drawEdges(view, edgeLayer));
  }

  function drawLocalGraph(data) {
    var view = { canvas: section.querySelector("[data-local-graph-canvas]"),
                 graph: readGraph(data), expanded: false,
                 measure: measurer(getComputedStyle(section).fontFamily) };
    section.hidden = false;
    render(view);
    var lastWidth = view.canvas.clientWidth;
    window.addEventListener("resize", function () {
      if (view.canvas.clientWidth !== lastWidth) {
        lastWidth = view.canvas.clientWidth;
        render(view);
      }
    });
  }

  var url = localGraphUrl();
  if (url) {
    fetch(url).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data && data.nodes && data.nodes.length > 1) drawLocalGraph(data);
    }).catch(function () { /* the page reads fine without its graph */ });
  }
})();
