/* braindiet — the explore pages: the whole-site graph (/docs/graph/) and the recipe finder
 * (/docs/finder/). Runs after app.js, whose helpers it shares (window.braindiet). The graph's
 * layout comes from d3-force (vendored in the package by scripts/vendor-js); drawing, zoom and
 * highlighting are plain SVG, so the theme's colours and the browser's links just work. */
(function () {
  "use strict";

  var shared = window.braindiet;
  if (!shared || !window.fetch) return;
  var svgElement = shared.svgElement;
  var element = shared.element;
  var chainOf = shared.chainOf;

  var KIND_LABEL = { "recipe": "Recipe", "food": "Food", "substance": "Substance",
                     "biological-target": "Biological target",
                     "therapeutic-area": "Therapeutic area" };

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  function byLabel(a, b) {
    return a.label.localeCompare(b.label);
  }

  /* ==== the whole-site graph ================================================================ */

  // How large a node is drawn, and whether its label shows before zooming in.
  var RADIUS = { "recipe": 6, "food": 3.6, "substance": 4.6, "biological-target": 8,
                 "therapeutic-area": 9.5 };
  var ALWAYS_NAMED = 40;  // kinds with at most this many pages show every label

  function setupGraph(view, data) {
    var stage = view.querySelector("[data-graph-stage]");
    var status = view.querySelector("[data-graph-status]");
    var notice = view.querySelector("[data-graph-notice]");
    var info = view.querySelector("[data-graph-info]");
    var toggles = Array.prototype.slice.call(view.querySelectorAll("[data-kind-toggle]"));
    var pathForm = view.querySelector("[data-path-form]");
    var names = view.querySelector("#graph-names");
    var limit = parseInt(view.dataset.nodeLimit, 10) || 3000;

    var nodes = data.nodes.map(function (row, index) {
      return { index: index, kind: data.kinds[row[0]], column: row[0], label: row[1],
               url: row[2], title: row[3] || row[1] };
    });
    var counts = {};
    nodes.forEach(function (n) { counts[n.kind] = (counts[n.kind] || 0) + 1; });
    var edges = data.edges.map(function (pair) {
      return { source: nodes[pair[0]], target: nodes[pair[1]] };
    });

    /* ---- which kinds are drawn: all that fit under the limit ---- */

    function chosenKinds() {
      return toggles.filter(function (t) { return t.checked; }).map(function (t) {
        return t.value;
      });
    }

    function total(kinds) {
      return kinds.reduce(function (sum, kind) { return sum + (counts[kind] || 0); }, 0);
    }

    function startWithinLimit() {
      var kinds = chosenKinds();
      if (total(kinds) <= limit) return;
      // Leave out the most numerous kinds until the rest fits (keeping one at least).
      var dropped = [];
      var bySize = kinds.slice().sort(function (a, b) { return counts[b] - counts[a]; });
      while (total(kinds) > limit && kinds.length > 1) {
        var largest = bySize.shift();
        kinds.splice(kinds.indexOf(largest), 1);
        dropped.push(largest);
      }
      toggles.forEach(function (t) { t.checked = kinds.indexOf(t.value) >= 0; });
      notice.hidden = false;
      notice.textContent = "This knowledge base has " + nodes.length.toLocaleString("en") +
        " pages on the chain; the graph draws at most " + limit.toLocaleString("en") +
        " at once, so it starts without " + dropped.map(function (k) {
          return KIND_LABEL[k].toLowerCase() + "s";
        }).join(" and ") + ". Add a kind when the total fits.";
    }

    function guardLimit() {
      var shownTotal = total(chosenKinds());
      toggles.forEach(function (t) {
        var tooMany = !t.checked && shownTotal + counts[t.value] > limit;
        t.disabled = tooMany;
        t.closest("label").title = tooMany ? "Too many pages to draw together with the rest" : "";
      });
    }

    /* ---- the drawing ---- */

    var svg = svgElement("svg", { "class": "graph-svg", "role": "group",
                                  "aria-label": "Graph of the causal chain" }, stage);
    var viewport = svgElement("g", { "class": "gv-viewport" }, svg);
    var edgeLayer = svgElement("g", { "class": "gv-edges", "aria-hidden": "true" }, viewport);
    var nodeLayer = svgElement("g", { "class": "gv-nodes" }, viewport);
    var shown = [];  // nodes drawn now
    var shownEdges = [];
    var outs = new Map(), ins = new Map();
    var selection = null;  // the lit path, kept while the pointer wanders
    var transform = { k: 1, x: 0, y: 0 };

    function layout(kinds) {
      var columns = kinds.slice().sort(function (a, b) {
        return data.kinds.indexOf(a) - data.kinds.indexOf(b);
      });
      shown = nodes.filter(function (n) { return kinds.indexOf(n.kind) >= 0; });
      var drawn = new Set(shown);
      shownEdges = edges.filter(function (e) { return drawn.has(e.source) && drawn.has(e.target); });
      outs = new Map(shown.map(function (n) { return [n, []]; }));
      ins = new Map(shown.map(function (n) { return [n, []]; }));
      shownEdges.forEach(function (e) {
        outs.get(e.source).push(e.target);
        ins.get(e.target).push(e.source);
      });
      // Each kind gets a band, left to right along the chain, as wide as its crowd needs. A
      // kind few enough to name every page is a column instead, its labels outward.
      var columnar = function (kind) { return counts[kind] <= ALWAYS_NAMED; };
      var centres = {};
      var x = 0;
      columns.forEach(function (kind, at) {
        var width = columnar(kind) ? 0 : Math.max(90, Math.sqrt(counts[kind]) * 30);
        var labelsLeft = columnar(kind) && at === 0 && columns.length > 1;
        if (labelsLeft) x += 150;
        centres[kind] = x + width / 2;
        x += width + (columnar(kind) && !labelsLeft ? 190 : 110);
      });
      shown.forEach(function (n) {
        n.labelLeft = columnar(n.kind) && n.kind === columns[0] && columns.length > 1;
      });
      var rank = {};
      shown.forEach(function (n) {  // a deterministic start: each band a loose spiral
        var at = rank[n.kind] = (rank[n.kind] || 0) + 1;
        var angle = at * 2.399963;  // the golden angle
        var radius = Math.sqrt(at) * 14;
        n.x = centres[n.kind] + Math.cos(angle) * radius * 0.6;
        n.y = Math.sin(angle) * radius;
        n.vx = n.vy = 0;
        n.fx = n.fy = null;
      });
      // Named columns: evenly spaced, ordered by where their neighbours settle.
      var settleColumns = function () {
        columns.filter(columnar).forEach(function (kind) {
          var members = shown.filter(function (n) { return n.kind === kind; });
          var mean = function (n) {
            var linked = outs.get(n).concat(ins.get(n));
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
      };
      settleColumns();
      var simulation = window.d3.forceSimulation(shown)
        .force("link", window.d3.forceLink(shownEdges.map(function (e) {
          return { source: e.source, target: e.target };
        })).distance(80).strength(0.03))
        .force("charge", window.d3.forceManyBody().strength(-28).distanceMax(260).theta(0.95))
        .force("x", window.d3.forceX(function (n) { return centres[n.kind]; }).strength(0.22))
        .force("y", window.d3.forceY(0).strength(0.06))
        .force("collide", window.d3.forceCollide(function (n) { return RADIUS[n.kind] + 2.5; }))
        .stop();
      var ticks = shown.length < 600 ? 300 : shown.length < 1500 ? 180 : 110;
      for (var i = 0; i < ticks; i++) simulation.tick();
      settleColumns();
      simulation.alpha(0.3);
      for (var j = 0; j < ticks / 3; j++) simulation.tick();
    }

    function draw() {
      edgeLayer.textContent = "";
      nodeLayer.textContent = "";
      shownEdges.forEach(function (e) {
        e.element = svgElement("line", { "x1": e.source.x.toFixed(1), "y1": e.source.y.toFixed(1),
                                         "x2": e.target.x.toFixed(1), "y2": e.target.y.toFixed(1),
                                         "class": "gv-edge" }, edgeLayer);
      });
      var named = {};
      shown.forEach(function (n) { named[n.kind] = (named[n.kind] || 0) + 1; });
      shown.forEach(function (n) {
        var link = svgElement("a", { "href": n.url, "class": "gv-node gv-node--" + n.kind,
                                     "aria-label": n.title + " (" + KIND_LABEL[n.kind] + ")",
                                     "transform": "translate(" + n.x.toFixed(1) + "," +
                                                  n.y.toFixed(1) + ")" }, nodeLayer);
        if (named[n.kind] <= ALWAYS_NAMED) link.classList.add("gv-node--named");
        svgElement("title", {}, link).textContent = n.title;
        svgElement("circle", { "r": RADIUS[n.kind] }, link);
        var text = svgElement("text", n.labelLeft
          ? { "x": -RADIUS[n.kind] - 4, "y": 4, "text-anchor": "end" }
          : { "x": RADIUS[n.kind] + 4, "y": 4 }, link);
        text.textContent = n.label;
        n.element = link;
        link.addEventListener("mouseenter", function () { hover(n); });
        link.addEventListener("mouseleave", function () { hover(null); });
        link.addEventListener("focus", function () { hover(n); });
        link.addEventListener("blur", function () { hover(null); });
      });
      names.textContent = "";
      var seen = {};
      shown.slice().sort(byLabel).forEach(function (n) {
        var option = document.createElement("option");
        option.value = seen[n.label] ? n.label + " (" + KIND_LABEL[n.kind] + ")" : n.label;
        seen[n.label] = true;
        names.appendChild(option);
      });
      status.textContent = shown.length + " pages and " + shownEdges.length +
                           " links along the chain.";
    }

    /* ---- highlighting: a node's chains, or a path ---- */

    function light(lit) {
      svg.classList.toggle("is-lit", !!lit);
      shown.forEach(function (n) {
        n.element.classList.toggle("is-on", !!lit && lit.has(n));
      });
      shownEdges.forEach(function (e) {
        e.element.classList.toggle("is-on", !!lit && lit.hasEdge(e.source, e.target));
      });
    }

    function hover(node) {
      if (!node) {
        info.hidden = true;
        light(selection);
        return;
      }
      var chain = chainOf(node, outs, ins);
      light(chain);
      var linked = shown.filter(function (n) { return n !== node && chain.has(n); }).length;
      info.textContent = "";
      info.append(element("span", "graph-view__info-kind", KIND_LABEL[node.kind]),
                  element("strong", "", node.title),
                  element("span", "", linked + " pages on its chains"));
      info.hidden = false;
    }

    /* ---- zoom and pan ---- */

    function apply() {
      viewport.setAttribute("transform", "translate(" + transform.x.toFixed(1) + "," +
                            transform.y.toFixed(1) + ") scale(" + transform.k.toFixed(4) + ")");
      svg.classList.toggle("is-zoomed", transform.k >= 1.7);
    }

    function zoomAt(factor, px, py) {
      var k = Math.max(0.15, Math.min(8, transform.k * factor));
      transform.x = px - (px - transform.x) * k / transform.k;
      transform.y = py - (py - transform.y) * k / transform.k;
      transform.k = k;
      apply();
    }

    function fit() {
      if (!shown.length) return;
      var labelWidth = function (n) {  // roughly: 11px bold text
        return n.element.classList.contains("gv-node--named") ? n.label.length * 7.2 + 16 : 12;
      };
      var left = Math.min.apply(null, shown.map(function (n) {
        return n.x - (n.labelLeft ? labelWidth(n) : 12);
      }));
      var right = Math.max.apply(null, shown.map(function (n) {
        return n.x + (n.labelLeft ? 12 : labelWidth(n));
      }));
      var top = Math.min.apply(null, shown.map(function (n) { return n.y; })) - 20;
      var bottom = Math.max.apply(null, shown.map(function (n) { return n.y; })) + 20;
      var width = stage.clientWidth, height = stage.clientHeight;
      var k = Math.min(width / (right - left), height / (bottom - top), 2.5);
      transform.k = k;
      transform.x = (width - (right - left) * k) / 2 - left * k;
      transform.y = (height - (bottom - top) * k) / 2 - top * k;
      apply();
    }

    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var box = svg.getBoundingClientRect();
      zoomAt(Math.exp(-event.deltaY * 0.0015), event.clientX - box.left, event.clientY - box.top);
    }, { passive: false });

    var drag = null;
    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, tx: transform.x, ty: transform.y,
               moved: false, id: event.pointerId };
    });
    svg.addEventListener("pointermove", function (event) {
      if (!drag || event.pointerId !== drag.id) return;
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 5) return;
      if (!drag.moved) {
        drag.moved = true;
        svg.setPointerCapture(event.pointerId);
        svg.classList.add("is-panning");
      }
      transform.x = drag.tx + dx;
      transform.y = drag.ty + dy;
      apply();
    });
    var endDrag = function () {
      if (drag && drag.moved) {
        svg.classList.remove("is-panning");
        var wasDrag = drag;
        window.setTimeout(function () { if (drag === wasDrag) drag = null; }, 0);
      } else {
        drag = null;
      }
    };
    svg.addEventListener("pointerup", endDrag);
    svg.addEventListener("pointercancel", endDrag);
    svg.addEventListener("click", function (event) {  // a drag that began on a node is no click
      if (drag && drag.moved) {
        event.preventDefault();
        drag = null;
      }
    }, true);

    view.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var how = button.dataset.zoom;
        if (how === "fit") fit();
        else zoomAt(how === "in" ? 1.4 : 1 / 1.4, stage.clientWidth / 2, stage.clientHeight / 2);
      });
    });

    /* ---- a chain from one page to another ---- */

    function find(name) {
      var wanted = name.trim().toLowerCase();
      if (!wanted) return null;
      var exact = function (n) {
        return n.label.toLowerCase() === wanted || n.title.toLowerCase() === wanted ||
               (n.label + " (" + KIND_LABEL[n.kind] + ")").toLowerCase() === wanted;
      };
      return shown.filter(exact)[0] || shown.filter(function (n) {
        return n.label.toLowerCase().indexOf(wanted) === 0;
      })[0] || null;
    }

    /* Every shortest chain from `start` to `end` following `step`: the nodes and edges on
     * them, and one of them spelled out (neighbours taken by label). */
    function shortest(start, end, step) {
      var distance = new Map([[start, 0]]);
      var parent = new Map();
      var frontier = [start];
      while (frontier.length && !distance.has(end)) {
        var next = [];
        frontier.forEach(function (node) {
          (step.get(node) || []).slice().sort(byLabel).forEach(function (other) {
            if (!distance.has(other)) {
              distance.set(other, distance.get(node) + 1);
              parent.set(other, node);
              next.push(other);
            }
          });
        });
        frontier = next;
      }
      if (!distance.has(end)) return null;
      // Nodes on some shortest path: reached at distance d and leading to `end` in the rest.
      var onPath = new Set([end]);
      var layer = [end];
      var back = step === outs ? ins : outs;
      while (layer.length) {
        var earlier = [];
        layer.forEach(function (node) {
          (back.get(node) || []).forEach(function (other) {
            if (distance.get(other) === distance.get(node) - 1 && !onPath.has(other)) {
              onPath.add(other);
              earlier.push(other);
            }
          });
        });
        layer = earlier;
      }
      var spelled = [end];
      while (spelled[0] !== start) spelled.unshift(parent.get(spelled[0]));
      return {
        spelled: spelled,
        has: function (node) { return onPath.has(node); },
        hasEdge: function (source, target) {
          var a = step === outs ? source : target, b = step === outs ? target : source;
          return onPath.has(a) && onPath.has(b) && distance.get(b) === distance.get(a) + 1;
        },
      };
    }

    function showPath(fromName, toName) {
      var start = find(fromName), end = find(toName);
      if (!start || !end) {
        status.textContent = "No page called “" + (!start ? fromName : toName) +
                             "” among the pages shown.";
        return;
      }
      var path = start === end ? null : shortest(start, end, outs) || shortest(start, end, ins);
      selection = path;
      light(path);
      if (!path) {
        status.textContent = "No causal chain links " + start.label + " and " + end.label +
                             " among the pages shown.";
        return;
      }
      status.textContent = "Chain: " + path.spelled.map(function (n) {
        return n.label;
      }).join(" → ") + ".";
    }

    pathForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var from = pathForm.elements.from.value, to = pathForm.elements.to.value;
      showPath(from, to);
      var params = new URLSearchParams(location.search);
      params.set("from", from);
      params.set("to", to);
      history.replaceState(null, "", "?" + params.toString());
    });
    view.querySelector("[data-path-clear]").addEventListener("click", function () {
      pathForm.reset();
      selection = null;
      light(null);
      history.replaceState(null, "", location.pathname);
      status.textContent = shown.length + " pages and " + shownEdges.length +
                           " links along the chain.";
    });

    /* ---- putting it together ---- */

    function redraw() {
      guardLimit();
      status.textContent = "Drawing the graph…";
      window.requestAnimationFrame(function () {
        window.setTimeout(function () {
          layout(chosenKinds());
          selection = null;
          draw();
          fit();
          var params = new URLSearchParams(location.search);
          if (params.get("from") && params.get("to")) {
            pathForm.elements.from.value = params.get("from");
            pathForm.elements.to.value = params.get("to");
            showPath(params.get("from"), params.get("to"));
          }
          view.classList.add("is-ready");
        }, 0);
      });
    }

    toggles.forEach(function (t) { t.addEventListener("change", redraw); });
    startWithinLimit();
    redraw();
    var lastSize = stage.clientWidth + "x" + stage.clientHeight;
    window.addEventListener("resize", function () {
      var size = stage.clientWidth + "x" + stage.clientHeight;
      if (size !== lastSize) {
        lastSize = size;
        fit();
      }
    });
  }

  /* ==== the recipe finder ===================================================================
   * The rule of braindiet.graph.query.rank_recipes: the chosen targets are the area's targets
   * together with the ones picked; a recipe reaching none is left out; the others rank by how
   * many chosen targets they reach, then by how many recipe → food → substance → target
   * chains reach them, then by title (the order of data.recipes). */

  function rankRecipes(data, chosen) {
    var wanted = new Set(chosen);
    var ranked = [];
    data.recipes.forEach(function (recipe, order) {
      var chains = recipe.chains.filter(function (c) { return wanted.has(c[2]); });
      if (!chains.length) return;
      var reached = chosen.filter(function (t) {
        return chains.some(function (c) { return c[2] === t; });
      });
      ranked.push({ recipe: recipe, order: order, chains: chains, reached: reached });
    });
    ranked.sort(function (a, b) {
      return (b.reached.length - a.reached.length) || (b.chains.length - a.chains.length) ||
             (a.order - b.order);
    });
    return ranked;
  }

  function link(item, className) {
    var made = element("a", className, item.label);
    made.href = item.url;
    if (item.title && item.title !== item.label) made.title = item.title;
    return made;
  }

  function explanation(data, rank) {
    var details = element("details", "finder-why");
    var summary = element("summary", "", "Why: " + rank.chains.length + " chain" +
                          (rank.chains.length === 1 ? "" : "s") + " from this recipe");
    details.appendChild(summary);
    rank.reached.forEach(function (targetIndex) {
      var target = data.targets[targetIndex];
      var block = element("section", "finder-why__target");
      var heading = element("h4", "finder-why__heading");
      heading.append(link(target, ""));
      block.appendChild(heading);
      var list = element("ul", "chains");
      var bySubstance = new Map();  // substance -> {foods, mechanism}, in the chains' order
      rank.chains.forEach(function (c) {
        if (c[2] !== targetIndex) return;
        if (!bySubstance.has(c[1])) bySubstance.set(c[1], { foods: [], mechanism: c[3] });
        bySubstance.get(c[1]).foods.push(c[0]);
      });
      bySubstance.forEach(function (row, substanceIndex) {
        var item = element("li", "chain");
        var foods = element("span", "chain__foods");
        row.foods.forEach(function (foodIndex, at) {
          if (at) foods.append(", ");
          foods.append(link(data.foods[foodIndex], "chain__food"));
        });
        item.append(foods, element("span", "chain__arrow", "→"),
                    link(data.substances[substanceIndex], "chain__substance"),
                    element("span", "chain__arrow", "→"),
                    element("span", "chain__target", target.label));
        if (row.mechanism !== null && row.mechanism !== undefined) {
          item.appendChild(element("p", "chain__mechanism", data.mechanisms[row.mechanism]));
        }
        list.appendChild(item);
      });
      block.appendChild(list);
      details.appendChild(block);
    });
    return details;
  }

  function setupFinder(form, data) {
    var summary = document.querySelector("[data-finder-summary]");
    var list = document.querySelector("[data-finder-list]");
    var areaById = new Map(data.areas.map(function (a) { return [a.id, a]; }));
    var targetIndex = new Map(data.targets.map(function (t, i) { return [t.id, i]; }));
    var radios = Array.prototype.slice.call(form.querySelectorAll('input[name="area"]'));
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="target"]'));
    var state = { area: "", targets: new Set() };

    function lookup(value, table, items) {  // an id, or a title or label in any case
      var wanted = (value || "").trim().toLowerCase();
      if (table.has(wanted)) return wanted;
      var match = items.filter(function (item) {
        return item.label.toLowerCase() === wanted || item.title.toLowerCase() === wanted;
      })[0];
      return match ? match.id : "";
    }

    function readAddress() {
      var params = new URLSearchParams(location.search);
      state.area = lookup(params.get("area"), areaById, data.areas);
      state.targets = new Set(params.getAll("target").map(function (value) {
        return lookup(value, targetIndex, data.targets);
      }).filter(Boolean));
    }

    function writeAddress() {
      var params = new URLSearchParams();
      if (state.area) params.set("area", state.area);
      boxes.forEach(function (box) {
        if (state.targets.has(box.value)) params.append("target", box.value);
      });
      var query = params.toString();
      history.replaceState(null, "", query ? "?" + query : location.pathname);
    }

    function areaTargets() {
      var area = areaById.get(state.area);
      return new Set(area ? area.targets.map(function (i) { return data.targets[i].id; }) : []);
    }

    function showState() {
      var implied = areaTargets();
      radios.forEach(function (radio) { radio.checked = radio.value === state.area; });
      boxes.forEach(function (box) {
        var fromArea = implied.has(box.value);
        box.checked = fromArea || state.targets.has(box.value);
        box.disabled = fromArea;
        box.closest(".choice").classList.toggle("choice--implied", fromArea);
        box.closest(".choice").title = fromArea ? "Chosen by the therapeutic area" : "";
      });
    }

    function chosen() {
      var ids = areaTargets();
      state.targets.forEach(function (id) { ids.add(id); });
      return Array.from(ids).map(function (id) { return targetIndex.get(id); })
        .filter(function (i) { return i !== undefined; })
        .sort(function (a, b) { return a - b; });
    }

    function render() {
      var targets = chosen();
      list.textContent = "";
      if (!targets.length) {
        summary.textContent = "Choose a therapeutic area or a biological target to rank the " +
                              data.recipes.length + " recipes.";
        return;
      }
      var ranked = rankRecipes(data, targets);
      var area = areaById.get(state.area);
      var fromArea = areaTargets();
      var extra = Array.from(state.targets).filter(function (id) { return !fromArea.has(id); });
      var named = targets.length === 1 ? data.targets[targets[0]].label
        : area ? "the " + fromArea.size + " targets of " + area.label +
                 (extra.length ? " and " + extra.length + " more" : "")
        : targets.length + " biological targets";
      summary.textContent = ranked.length
        ? ranked.length + " of " + data.recipes.length + " recipes support " + named +
          ", best first."
        : "No recipe reaches " + named + " through its foods and their substances.";
      ranked.forEach(function (rank, position) {
        var item = element("li", "finder-result");
        var head = element("div", "finder-result__head");
        head.append(element("span", "finder-result__rank", String(position + 1)),
                    link(rank.recipe, "finder-result__title"),
                    element("span", "finder-result__score",
                            rank.reached.length + " of " + targets.length + " target" +
                            (targets.length === 1 ? "" : "s") + " · " +
                            rank.chains.length + " chain" + (rank.chains.length === 1 ? "" : "s")));
        var pills = element("ul", "finder-result__targets");
        targets.forEach(function (t) {
          var reached = rank.reached.indexOf(t) >= 0;
          var pill = element("li", "target-pill" + (reached ? "" : " target-pill--missed"),
                             data.targets[t].label);
          if (!reached) pill.title = "Not reached by this recipe";
          pills.appendChild(pill);
        });
        var why = explanation(data, rank);
        if (position === 0) why.open = true;
        item.append(head, pills, why);
        list.appendChild(item);
      });
    }

    form.addEventListener("change", function (event) {
      var input = event.target;
      if (input.name === "area") {
        state.area = input.value;
      } else if (input.name === "target") {
        if (input.checked) state.targets.add(input.value);
        else state.targets.delete(input.value);
      }
      showState();
      writeAddress();
      render();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("popstate", function () {
      readAddress();
      showState();
      render();
    });

    readAddress();
    showState();
    render();
    form.classList.add("is-ready");
  }

  var graphView = document.querySelector("[data-graph-view]");
  if (graphView && window.d3) {
    fetchJson(graphView.dataset.src).then(function (data) {
      setupGraph(graphView, data);
    }).catch(function (error) {
      var status = graphView.querySelector("[data-graph-status]");
      status.textContent = "The graph could not be drawn (" + error.message + ").";
    });
  }

  var finder = document.querySelector("[data-finder]");
  if (finder) {
    fetchJson(finder.dataset.src).then(function (data) {
      setupFinder(finder, data);
    }).catch(function (error) {
      var summary = document.querySelector("[data-finder-summary]");
      summary.textContent = "The recipes could not be loaded (" + error.message + ").";
    });
  }
})();
