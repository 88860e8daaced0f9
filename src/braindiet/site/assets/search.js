/* braindiet — the header's search box.
 *
 * Pagefind's index (built beside the pages, in shards) read in the browser through its
 * low-level API: no server, nothing from outside the site. Kinds and tags are Pagefind *metadata*, not
 * filters (its filter files are not byte-identical from build to build), so the kind and tag
 * filters work on the loaded data of the matches: the best BATCH at first, and while a filter
 * leaves fewer than BATCH on show, the next BATCH, up to LOAD_CEILING. */
(function () {
  "use strict";

  var shared = window.braindiet;
  var box = document.querySelector("[data-search]");
  if (!shared || !box || !window.fetch || !window.Promise) return;
  var element = shared.element;

  var BATCH = 40;
  var LOAD_CEILING = 400;
  // Pagefind's metadata names a page's kind by its label; the chips follow the kinds table.
  var KIND_ORDER = shared.kinds.map(function (entry) { return entry.label; });

  function searchBox(container) {
    return {
      box: container,
      input: container.querySelector(".search__input"),
      panel: container.querySelector(".search__panel"),
      list: container.querySelector(".search__results"),
      kindsBox: container.querySelector("[data-search-kinds]"),
      tagSelect: container.querySelector("[data-search-tag]"),
      status: container.querySelector("[data-search-status]"),
      loading: null,
      matched: [],  // every match, best first, its data not yet loaded
      loaded: [],  // data of the best matches, in Pagefind's order
      shown: [],  // after the kind and tag filters
      active: -1,
      kind: "",
      tag: "",
      query: "",
      serial: 0,  // the current query's number; answers to older ones are dropped
      filling: false,  // a further batch is on its way
      timer: 0,
    };
  }

  /* The index is in shards, each its own Pagefind index (see site/search.py): the first one
   * loads Pagefind, the others are merged into it. Every shard gets the same options. */
  function pagefind(s) {
    if (!s.loading) {
      var manifest = new URL(s.box.dataset.pagefind, window.location.href);
      var options = { baseUrl: shared.rootPath, excerptLength: 22 };
      s.loading = fetch(manifest.href).then(function (response) {
        if (!response.ok) throw new Error("no search index: " + response.status);
        return response.json();
      }).then(function (list) {
        var folders = list.shards.map(function (name) {
          return new URL(name + "/", manifest).pathname;  // the slash: "01" is not "010"
        });
        if (!folders.length) throw new Error("the search index is empty");
        return import(folders[0] + "pagefind.js").then(function (module) {
          return Promise.resolve(module.options(options)).then(function () {
            return Promise.all(folders.slice(1).map(function (folder) {
              return module.mergeIndex(folder, options);
            }));
          }).then(function () { return module; });
        });
      });
      s.loading.catch(function () { s.loading = null; });
    }
    return s.loading;
  }

  /* ---- the listbox ---------------------------------------------------------------------- */

  function open(s, show) {
    s.panel.hidden = !show;
    s.input.setAttribute("aria-expanded", show ? "true" : "false");
    if (!show) setActive(s, -1);
  }

  function setActive(s, index) {
    var options = s.list.querySelectorAll('[role="option"]');
    s.active = options.length ? Math.max(-1, Math.min(index, options.length - 1)) : -1;
    options.forEach(function (option, at) {
      option.setAttribute("aria-selected", at === s.active ? "true" : "false");
    });
    if (s.active >= 0) {
      s.input.setAttribute("aria-activedescendant", options[s.active].id);
      options[s.active].scrollIntoView({ block: "nearest" });
    } else {
      s.input.removeAttribute("aria-activedescendant");
    }
  }

  /* ---- what a result says ----------------------------------------------------------------- */

  function tagsOf(result) {
    var text = (result.meta && result.meta.tags) || "";
    return text.split(",").map(function (t) { return t.trim(); }).filter(Boolean);
  }

  function kindOf(result) {
    return (result.meta && result.meta.kind) || "Page";
  }

  /* Pagefind ranks by the words in the whole page, so a long recipe that names spinach often
   * can outrank the page called Spinach. A page whose title is the query comes first, then
   * titles starting with it; otherwise Pagefind's order stands. */
  function byTitle(results, text) {
    var wanted = text.trim().toLowerCase();
    var closeness = function (result) {
      var title = ((result.meta && result.meta.title) || "").trim().toLowerCase();
      return title === wanted ? 0 : title.indexOf(wanted) === 0 ? 1 : 2;
    };
    return results.map(function (result, at) {
      return { result: result, at: at, closeness: closeness(result) };
    }).sort(function (a, b) {
      return a.closeness - b.closeness || a.at - b.at;
    }).map(function (entry) { return entry.result; });
  }

  /* ---- asking Pagefind ---------------------------------------------------------------------- */

  function search(s, text) {
    var mine = ++s.serial;
    s.query = text;
    s.filling = false;
    s.list.setAttribute("aria-busy", "false");
    if (!text.trim()) {
      s.matched = [];
      s.loaded = [];
      render(s);
      open(s, false);
      return;
    }
    s.status.textContent = "Searching…";
    open(s, true);
    pagefind(s).then(function (module) {
      return module.search(text);
    }).then(function (response) {
      if (mine !== s.serial) return;
      s.matched = response && response.results ? response.results : [];
      s.loaded = [];
      return loadBatch(s, mine);
    }).catch(function () {
      if (mine !== s.serial) return;
      s.matched = [];
      s.loaded = [];
      render(s);
      s.status.textContent = "Search is not available here (the index has not been built).";
    });
  }

  /* The data of the next BATCH matches, then the results drawn again. */
  function loadBatch(s, mine) {
    var next = s.matched.slice(s.loaded.length, s.loaded.length + BATCH);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
      if (mine !== s.serial) return;
      s.loaded = s.loaded.concat(data);
      render(s);
    });
  }

  /* A filter that leaves few of the loaded results asks for more matches. */
  function fill(s) {
    var wanted = (s.kind || s.tag) && s.shown.length < BATCH && !s.filling &&
                 s.loaded.length < Math.min(s.matched.length, LOAD_CEILING);
    if (!wanted) return;
    var mine = s.serial;
    s.filling = true;
    s.list.setAttribute("aria-busy", "true");
    loadBatch(s, mine).catch(function () {}).then(function () {
      if (mine !== s.serial) return;
      s.filling = false;
      s.list.setAttribute("aria-busy", "false");
      fill(s);
    });
  }

  /* ---- drawing ------------------------------------------------------------------------------ */

  function renderKinds(s) {
    var counts = {};
    s.loaded.forEach(function (r) { counts[kindOf(r)] = (counts[kindOf(r)] || 0) + 1; });
    var kinds = Object.keys(counts).sort(function (a, b) {
      var ia = KIND_ORDER.indexOf(a), ib = KIND_ORDER.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
    });
    if (s.kind && kinds.indexOf(s.kind) < 0) kinds.push(s.kind);
    // The chips are made again, also when a further batch arrives: keep the focus in place.
    var focused = s.kindsBox.contains(document.activeElement) ?
      document.activeElement.dataset.kind : null;
    s.kindsBox.textContent = "";
    [""].concat(kinds).forEach(function (name) {
      var chip = element("button", "search__chip");
      chip.type = "button";
      chip.dataset.kind = name;
      chip.setAttribute("aria-pressed", name === s.kind ? "true" : "false");
      chip.append(name || "All", " ", element("span", "count",
        String(name ? counts[name] || 0 : s.loaded.length)));
      s.kindsBox.appendChild(chip);
      if (name === focused) chip.focus();
    });
  }

  function renderTags(s) {
    var counts = {};
    s.loaded.forEach(function (r) {
      if (s.kind && kindOf(r) !== s.kind) return;
      tagsOf(r).forEach(function (t) { counts[t] = (counts[t] || 0) + 1; });
    });
    var tags = Object.keys(counts).sort(function (a, b) {
      return counts[b] - counts[a] || a.localeCompare(b);
    }).slice(0, 40);
    if (s.tag && tags.indexOf(s.tag) < 0) tags.unshift(s.tag);
    s.tagSelect.textContent = "";
    s.tagSelect.appendChild(new Option("Any", ""));
    tags.forEach(function (t) {
      s.tagSelect.appendChild(new Option(t + " (" + (counts[t] || 0) + ")", t, false,
                                         t === s.tag));
    });
    s.tagSelect.value = s.tag;
    s.tagSelect.disabled = !tags.length;
  }

  function resultOption(s, result, index) {
    var option = element("li", "search-result");
    option.id = "search-option-" + index;
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    var link = element("a", "search-result__link");
    link.href = result.url;
    link.tabIndex = -1;
    var head = element("span", "search-result__head");
    head.append(element("span", "search-result__title", (result.meta && result.meta.title) ||
                                                          result.url),
                element("span", "search-result__kind", kindOf(result)));
    var excerpt = element("span", "search-result__excerpt");
    excerpt.innerHTML = result.excerpt || "";  // Pagefind escapes the text; adds <mark>
    link.append(head, excerpt);
    option.appendChild(link);
    option.addEventListener("mousemove", function () {
      if (s.active !== index) setActive(s, index);
    });
    return option;
  }

  function statusText(s) {
    if (!s.query.trim()) return "";
    if (!s.loaded.length) return "No pages match “" + s.query.trim() + "”.";
    var matches = s.matched.length;
    var capped = matches > s.loaded.length;
    var text;
    if (!(s.kind || s.tag)) {
      text = capped ? "The best " + s.loaded.length + " of " + matches + " pages."
                    : s.shown.length + (s.shown.length === 1 ? " page." : " pages.");
    } else {
      text = s.shown.length + " of " + (capped ? "the best " + s.loaded.length + " of " : "") +
             matches + " pages.";
    }
    return text + " ↑↓ to choose, Enter to open.";
  }

  function render(s) {
    s.shown = byTitle(s.loaded, s.query).filter(function (r) {
      return (!s.kind || kindOf(r) === s.kind) && (!s.tag || tagsOf(r).indexOf(s.tag) >= 0);
    });
    renderKinds(s);
    renderTags(s);
    s.list.textContent = "";
    s.shown.forEach(function (result, index) {
      s.list.appendChild(resultOption(s, result, index));
    });
    s.active = -1;
    s.input.removeAttribute("aria-activedescendant");
    s.status.textContent = statusText(s);
    fill(s);
  }

  /* ---- the reader's keys, clicks and choices ------------------------------------------------- */

  function onInputKey(s, event) {
    var count = s.shown.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!count) return;
      event.preventDefault();
      if (s.panel.hidden) open(s, true);
      var step = event.key === "ArrowDown" ? 1 : -1;
      setActive(s, s.active < 0 ? (step > 0 ? 0 : count - 1) : (s.active + step + count) % count);
    } else if (event.key === "Enter") {
      var chosen = s.shown[s.active >= 0 ? s.active : 0];
      if (chosen && !s.panel.hidden) {
        event.preventDefault();
        location.href = chosen.url;
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (!s.panel.hidden) {
        open(s, false);
      } else if (s.input.value) {
        s.input.value = "";
        search(s, "");
      } else {
        s.input.blur();
      }
    }
  }

  function bindInput(s) {
    s.input.addEventListener("input", function () {
      window.clearTimeout(s.timer);
      var text = s.input.value;
      if (text.trim()) pagefind(s);  // start loading the index while the reader types
      s.timer = window.setTimeout(function () { search(s, text); }, 120);
    });
    s.input.addEventListener("focus", function () {
      pagefind(s);
      if (s.input.value.trim() && s.loaded.length) open(s, true);
    });
    s.input.addEventListener("keydown", function (event) { onInputKey(s, event); });
  }

  function bindFilters(s) {
    s.kindsBox.addEventListener("click", function (event) {
      var chip = event.target.closest("[data-kind]");
      if (!chip) return;
      s.kind = chip.dataset.kind === s.kind ? "" : chip.dataset.kind;
      chip.focus();  // Safari does not focus a clicked button; render keeps the focus on it
      render(s);
    });
    s.tagSelect.addEventListener("change", function () {
      s.tag = s.tagSelect.value;
      render(s);
    });
  }

  function bindPage(s) {
    // Close when focus or a click leaves the search box.
    s.box.addEventListener("focusout", function () {
      window.setTimeout(function () {
        if (!s.box.contains(document.activeElement)) open(s, false);
      }, 0);
    });
    document.addEventListener("pointerdown", function (event) {
      if (!s.box.contains(event.target)) open(s, false);
    });
    // "/" anywhere but in a text field jumps to the search box.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (shared.isTyping(event.target)) return;
      event.preventDefault();
      s.input.focus();
      s.input.select();
    });
  }

  var state = searchBox(box);
  box.hidden = false;
  bindInput(state);
  bindFilters(state);
  bindPage(state);
})();
