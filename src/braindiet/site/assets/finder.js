/* braindiet — the recipe finder (/docs/finder/).
 *
 * The rule of braindiet.graph.query.rank_recipes: the chosen targets are the area's targets
 * together with the ones picked; a recipe reaching none is left out; the others rank by how
 * many chosen targets they reach, then by how many recipe → food → substance → target chains
 * reach them, then by title (the order of data.recipes). */
(function () {
  "use strict";

  var shared = window.braindiet;
  var form = document.querySelector("[data-finder]");
  if (!shared || !form || !window.fetch) return;
  var element = shared.element;

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

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function link(item, className) {
    var made = element("a", className, item.label);
    made.href = item.url;
    if (item.title && item.title !== item.label) made.title = item.title;
    return made;
  }

  /* ---- why a recipe ranks where it does ---- */

  function chainItem(data, target, substanceIndex, row) {
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
    return item;
  }

  function targetBlock(data, rank, targetIndex) {
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
      list.appendChild(chainItem(data, target, substanceIndex, row));
    });
    block.appendChild(list);
    return block;
  }

  function explanation(data, rank) {
    var details = element("details", "finder-why");
    details.appendChild(element("summary", "", "Why: " + plural(rank.chains.length, "chain") +
                                               " from this recipe"));
    rank.reached.forEach(function (targetIndex) {
      details.appendChild(targetBlock(data, rank, targetIndex));
    });
    return details;
  }

  function resultItem(data, rank, position, targets) {
    var item = element("li", "finder-result");
    var head = element("div", "finder-result__head");
    head.append(element("span", "finder-result__rank", String(position + 1)),
                link(rank.recipe, "finder-result__title"),
                element("span", "finder-result__score",
                        rank.reached.length + " of " + plural(targets.length, "target") +
                        " · " + plural(rank.chains.length, "chain")));
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
    return item;
  }

  /* ---- the reader's choice, kept in the address ---- */

  function finder(data) {
    return {
      data: data,
      summary: document.querySelector("[data-finder-summary]"),
      list: document.querySelector("[data-finder-list]"),
      areaById: new Map(data.areas.map(function (a) { return [a.id, a]; })),
      targetIndex: new Map(data.targets.map(function (t, i) { return [t.id, i]; })),
      radios: Array.prototype.slice.call(form.querySelectorAll('input[name="area"]')),
      boxes: Array.prototype.slice.call(form.querySelectorAll('input[name="target"]')),
      area: "",
      targets: new Set(),
    };
  }

  function lookup(value, table, items) {  // an id, or a title or label in any case
    var wanted = (value || "").trim().toLowerCase();
    if (table.has(wanted)) return wanted;
    var match = items.filter(function (item) {
      return item.label.toLowerCase() === wanted || item.title.toLowerCase() === wanted;
    })[0];
    return match ? match.id : "";
  }

  function readAddress(f) {
    var params = new URLSearchParams(location.search);
    f.area = lookup(params.get("area"), f.areaById, f.data.areas);
    f.targets = new Set(params.getAll("target").map(function (value) {
      return lookup(value, f.targetIndex, f.data.targets);
    }).filter(Boolean));
  }

  function writeAddress(f) {
    var params = new URLSearchParams();
    if (f.area) params.set("area", f.area);
    f.boxes.forEach(function (box) {
      if (f.targets.has(box.value)) params.append("target", box.value);
    });
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  function areaTargets(f) {
    var area = f.areaById.get(f.area);
    return new Set(area ? area.targets.map(function (i) { return f.data.targets[i].id; }) : []);
  }

  function showState(f) {
    var implied = areaTargets(f);
    f.radios.forEach(function (radio) { radio.checked = radio.value === f.area; });
    f.boxes.forEach(function (box) {
      var fromArea = implied.has(box.value);
      box.checked = fromArea || f.targets.has(box.value);
      box.disabled = fromArea;
      box.closest(".choice").classList.toggle("choice--implied", fromArea);
      box.closest(".choice").title = fromArea ? "Chosen by the therapeutic area" : "";
    });
  }

  function chosen(f) {
    var ids = areaTargets(f);
    f.targets.forEach(function (id) { ids.add(id); });
    return Array.from(ids).map(function (id) { return f.targetIndex.get(id); })
      .filter(function (i) { return i !== undefined; })
      .sort(function (a, b) { return a - b; });
  }

  /* ---- the ranking ---- */

  function describeChoice(f, targets) {
    var area = f.areaById.get(f.area);
    var fromArea = areaTargets(f);
    var extra = Array.from(f.targets).filter(function (id) { return !fromArea.has(id); });
    if (targets.length === 1) return f.data.targets[targets[0]].label;
    if (area) {
      return "the " + fromArea.size + " targets of " + area.label +
             (extra.length ? " and " + extra.length + " more" : "");
    }
    return targets.length + " biological targets";
  }

  function render(f) {
    var targets = chosen(f);
    var recipes = f.data.recipes.length;
    f.list.textContent = "";
    if (!targets.length) {
      f.summary.textContent = "Choose a therapeutic area or a biological target to rank the " +
                              recipes + " recipes.";
      return;
    }
    var ranked = rankRecipes(f.data, targets);
    var named = describeChoice(f, targets);
    f.summary.textContent = ranked.length
      ? ranked.length + " of " + recipes + " recipes support " + named + ", best first."
      : "No recipe reaches " + named + " through its foods and their substances.";
    ranked.forEach(function (rank, position) {
      f.list.appendChild(resultItem(f.data, rank, position, targets));
    });
  }

  function setupFinder(data) {
    var f = finder(data);
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (input.name === "area") {
        f.area = input.value;
      } else if (input.name === "target") {
        if (input.checked) f.targets.add(input.value);
        else f.targets.delete(input.value);
      }
      showState(f);
      writeAddress(f);
      render(f);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("popstate", function () {
      readAddress(f);
      showState(f);
      render(f);
    });
    readAddress(f);
    showState(f);
    render(f);
    form.classList.add("is-ready");
  }

  shared.fetchJson(form.dataset.src).then(setupFinder).catch(function (error) {
    var summary = document.querySelector("[data-finder-summary]");
    summary.textContent = "The recipes could not be loaded (" + error.message + ").";
  });
})();
