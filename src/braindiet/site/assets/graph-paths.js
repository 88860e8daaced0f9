/* braindiet — the graph view's "Chain from … to …": finding pages by name and the shortest
 * chains between two of them. Pure functions over the drawn nodes, shared with graph-view.js
 * as `window.braindiet.paths`. */
(function () {
  "use strict";

  var shared = window.braindiet;
  if (!shared) return;

  function byLabel(a, b) {
    return a.label.localeCompare(b.label);
  }

  /* How the datalist names a page whose label another page shares: "Saffron (Food)". */
  function qualified(node) {
    return node.label + " (" + shared.kind(node.kind).label + ")";
  }

  /* The page a typed name means: its label, title or qualified name in any case, else the
   * first whose label starts with it. */
  function find(nodes, name) {
    var wanted = name.trim().toLowerCase();
    if (!wanted) return null;
    var exact = function (n) {
      return n.label.toLowerCase() === wanted || n.title.toLowerCase() === wanted ||
             qualified(n).toLowerCase() === wanted;
    };
    return nodes.filter(exact)[0] || nodes.filter(function (n) {
      return n.label.toLowerCase().indexOf(wanted) === 0;
    })[0] || null;
  }

  /* Breadth first from `start` along `step` until `end` is reached: each node's distance and
   * the parent it was first reached from (neighbours taken by label). */
  function distances(start, end, step) {
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
    return { distance: distance, parent: parent };
  }

  /* Nodes on some shortest path: reached at distance d and leading to `end` in the rest. */
  function onShortestPaths(end, back, distance) {
    var onPath = new Set([end]);
    var layer = [end];
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
    return onPath;
  }

  /* Every shortest chain from `start` to `end` following `step` (`back` is its reverse): the
   * nodes and edges on them, and one of them spelled out; null when none exists. */
  function shortest(start, end, step, back, forward) {
    var walk = distances(start, end, step);
    var distance = walk.distance;
    if (!distance.has(end)) return null;
    var onPath = onShortestPaths(end, back, distance);
    var spelled = [end];
    while (spelled[0] !== start) spelled.unshift(walk.parent.get(spelled[0]));
    return {
      spelled: spelled,
      has: function (node) { return onPath.has(node); },
      hasEdge: function (source, target) {  // edges point down the chain
        var a = forward ? source : target, b = forward ? target : source;
        return onPath.has(a) && onPath.has(b) && distance.get(b) === distance.get(a) + 1;
      },
    };
  }

  /* The shortest chains down the chain from `start` to `end`, else up it. */
  function chainBetween(start, end, outs, ins) {
    if (start === end) return null;
    return shortest(start, end, outs, ins, true) || shortest(start, end, ins, outs, false);
  }

  shared.paths = { byLabel: byLabel, qualified: qualified, find: find,
                   chainBetween: chainBetween };
})();
