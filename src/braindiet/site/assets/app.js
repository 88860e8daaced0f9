/* braindiet — the script of every page: theme switch, off-canvas menu, "On this page"
 * highlight, search, citation previews and the page's local graph. (The graph view and the
 * recipe finder have their own script, explore.js.)
 * No dependencies; everything degrades to a working static page without it. */
(function () {
  "use strict";

  var root = document.documentElement;
  var THEME_KEY = "braindiet-theme";

  /* ---- light / dark ---------------------------------------------------------------------- */

  function theme() {
    return root.dataset.theme === "dark" ? "dark" : "light";
  }

  function labelThemeButtons() {
    var label = "Switch to " + (theme() === "dark" ? "light" : "dark") + " mode";
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      button.setAttribute("aria-label", label);
      button.setAttribute("title", label);
    });
  }

  function setTheme(value, remember) {
    root.dataset.theme = value;
    if (remember) {
      try {
        localStorage.setItem(THEME_KEY, value);
      } catch (e) { /* storage may be disabled; the choice then lasts for this page */ }
    }
    labelThemeButtons();
  }

  document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
    button.addEventListener("click", function () {
      setTheme(theme() === "dark" ? "light" : "dark", true);
    });
  });
  labelThemeButtons();

  // Follow the system setting while the reader has not chosen one here.
  if (window.matchMedia) {
    var system = window.matchMedia("(prefers-color-scheme: dark)");
    var followSystem = function (event) {
      var stored = null;
      try { stored = localStorage.getItem(THEME_KEY); } catch (e) { /* ignore */ }
      if (!stored) setTheme(event.matches ? "dark" : "light", false);
    };
    if (system.addEventListener) system.addEventListener("change", followSystem);
  }

  /* ---- off-canvas menu (narrow screens) -------------------------------------------------- */

  var toggle = document.querySelector("[data-menu-toggle]");
  var sidebar = toggle && document.getElementById(toggle.getAttribute("aria-controls"));

  function menuOpen() {
    return root.classList.contains("menu-open");
  }

  function setMenu(open, returnFocus) {
    root.classList.toggle("menu-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.setAttribute("aria-label", open ? "Close the menu" : "Open the menu");
    if (!open && returnFocus) toggle.focus();
  }

  if (toggle && !sidebar) {
    toggle.hidden = true; // a page without a sidebar has nothing to open
  } else if (toggle) {
    toggle.addEventListener("click", function () {
      setMenu(!menuOpen(), false);
      if (menuOpen()) {
        var first = sidebar.querySelector('[aria-current="page"]') || sidebar.querySelector("a");
        if (first) first.focus({ preventScroll: true });
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menuOpen()) setMenu(false, true);
    });
    document.addEventListener("click", function (event) {
      if (menuOpen() && !sidebar.contains(event.target) && !toggle.contains(event.target)) {
        setMenu(false, false);
      }
    });
    if (window.matchMedia) {
      var wide = window.matchMedia("(min-width: 60.01rem)");
      var closeWhenWide = function () { if (wide.matches && menuOpen()) setMenu(false, false); };
      if (wide.addEventListener) wide.addEventListener("change", closeWhenWide);
    }
  }

  // Bring the current page into view in a long sidebar, without scrolling the page itself.
  if (sidebar) {
    var current = sidebar.querySelector('[aria-current="page"]');
    if (current && sidebar.scrollHeight > sidebar.clientHeight) {
      var top = current.getBoundingClientRect().top - sidebar.getBoundingClientRect().top;
      if (top > sidebar.clientHeight * 0.7) {
        sidebar.scrollTop = top - sidebar.clientHeight / 3;
      }
    }
  }

  /* ---- open the collapsed block holding a linked anchor ---------------------------------- */

  function revealTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }
  window.addEventListener("hashchange", revealTarget);
  revealTarget();

  // A printed page shows every list, then folds back the ones the reader had closed.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.collection:not([open])").forEach(function (details) {
      details.open = true;
      details.dataset.openedForPrint = "";
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-opened-for-print]").forEach(function (details) {
      details.open = false;
      delete details.dataset.openedForPrint;
    });
  });

  /* ---- "On this page": highlight the section being read ---------------------------------- */

  var tocLinks = Array.prototype.slice.call(document.querySelectorAll('.toc a[href^="#"]'));
  var sections = tocLinks.map(function (link) {
    return document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
  });
  if (tocLinks.length) {
    var pending = false;
    var highlight = function () {
      pending = false;
      // The first heading still on screen marks the section being read if it is in the upper
      // half of the window; otherwise the reader is still in the section before it.
      var top = parseFloat(getComputedStyle(root).scrollPaddingTop) || 0;
      var active = sections.length - 1;
      for (var i = 0; i < sections.length; i++) {
        if (!sections[i]) continue;
        var heading = sections[i].getBoundingClientRect().top;
        if (heading >= top - 1) {
          active = heading < window.innerHeight / 2 ? i : Math.max(i - 1, 0);
          break;
        }
      }
      var scrollable = root.scrollHeight > window.innerHeight + 2;
      if (scrollable && window.innerHeight + window.scrollY >= root.scrollHeight - 2) {
        active = tocLinks.length - 1; // the last sections may be too short to reach the top
      }
      tocLinks.forEach(function (link, index) {
        link.classList.toggle("is-active", index === active);
      });
    };
    window.addEventListener("scroll", function () {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(highlight);
      }
    }, { passive: true });
    highlight();
  }

  /* ---- where the site lives ---------------------------------------------------------------
   * This script is published as <site root>/assets/app.<hash>.js, so its own address says
   * where the site's root is, whatever base URL the site is served under. */

  var script = document.currentScript;
  var siteRoot = (function () {
    var src = script && script.src;
    var at = src ? src.lastIndexOf("/assets/") : -1;
    return at >= 0 ? src.slice(0, at + 1) : location.origin + "/";
  })();
  var rootPath = new URL(siteRoot).pathname;

  var SVG_NS = "http://www.w3.org/2000/svg";

  function svgElement(tag, attributes, parent) {
    var element = document.createElementNS(SVG_NS, tag);
    Object.keys(attributes || {}).forEach(function (name) {
      element.setAttribute(name, attributes[name]);
    });
    if (parent) parent.appendChild(element);
    return element;
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined && text !== null) made.textContent = text;
    return made;
  }

  /* The nodes reached from `start` by repeated steps (`step` maps a node to its neighbours
   * one step down, or up, the chain), `start` included. */
  function reach(start, step) {
    var found = new Set([start]);
    var frontier = [start];
    while (frontier.length) {
      var next = [];
      frontier.forEach(function (node) {
        (step.get(node) || []).forEach(function (other) {
          if (!found.has(other)) {
            found.add(other);
            next.push(other);
          }
        });
      });
      frontier = next;
    }
    return found;
  }

  /* The chains through a node: everything downstream and upstream of it, and a test for
   * whether an edge lies on one of them. */
  function chainOf(start, outs, ins) {
    var down = reach(start, outs);
    var up = reach(start, ins);
    return {
      has: function (node) { return down.has(node) || up.has(node); },
      hasEdge: function (source, target) {
        return (down.has(source) && down.has(target)) || (up.has(source) && up.has(target));
      },
    };
  }

  // Shared with explore.js (the graph view), which runs after this script.
  window.braindiet = { siteRoot: siteRoot, svgElement: svgElement, element: element,
                       chainOf: chainOf };

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName;
    return target.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  /* ---- search -----------------------------------------------------------------------------
   * Pagefind's index (built beside the pages) read in the browser through its low-level API:
   * no server, nothing from outside the site. Kinds and tags are Pagefind *metadata*, not
   * filters (its filter files are not byte-identical from build to build), so the kind and tag
   * filters work on the loaded data of the matches: the best BATCH at first, and while a filter
   * leaves fewer than BATCH on show, the next BATCH, up to LOAD_CEILING. */

  var BATCH = 40;
  var LOAD_CEILING = 400;
  var KIND_ORDER = ["Substance", "Food", "Recipe", "Biological target", "Therapeutic area",
                    "Paper"];

  function setupSearch(box) {
    var input = box.querySelector(".search__input");
    var panel = box.querySelector(".search__panel");
    var list = box.querySelector(".search__results");
    var kindsBox = box.querySelector("[data-search-kinds]");
    var tagSelect = box.querySelector("[data-search-tag]");
    var status = box.querySelector("[data-search-status]");
    var loading = null;
    var matched = [];  // every match, best first, its data not yet loaded
    var loaded = [];  // data of the best matches, in Pagefind's order
    var shown = [];  // after the kind and tag filters
    var active = -1;
    var kind = "";
    var tag = "";
    var query = "";
    var serial = 0;  // the current query's number; answers to older ones are dropped
    var filling = false;  // a further batch is on its way
    var timer = 0;

    box.hidden = false;

    function pagefind() {
      if (!loading) {
        loading = import(box.dataset.pagefind).then(function (module) {
          return Promise.resolve(module.options({ baseUrl: rootPath, excerptLength: 22 }))
            .then(function () { return module; });
        });
        loading.catch(function () { loading = null; });
      }
      return loading;
    }

    function open(show) {
      panel.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) setActive(-1);
    }

    function setActive(index) {
      var options = list.querySelectorAll('[role="option"]');
      active = options.length ? Math.max(-1, Math.min(index, options.length - 1)) : -1;
      options.forEach(function (option, at) {
        option.setAttribute("aria-selected", at === active ? "true" : "false");
      });
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

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

    function search(text) {
      var mine = ++serial;
      query = text;
      filling = false;
      list.setAttribute("aria-busy", "false");
      if (!text.trim()) {
        matched = [];
        loaded = [];
        render();
        open(false);
        return;
      }
      status.textContent = "Searching…";
      open(true);
      pagefind().then(function (module) {
        return module.search(text);
      }).then(function (response) {
        if (mine !== serial) return;
        matched = response && response.results ? response.results : [];
        loaded = [];
        return loadBatch(mine);
      }).catch(function () {
        if (mine !== serial) return;
        matched = [];
        loaded = [];
        render();
        status.textContent = "Search is not available here (the index has not been built).";
      });
    }

    /* The data of the next BATCH matches, then the results drawn again. */
    function loadBatch(mine) {
      var next = matched.slice(loaded.length, loaded.length + BATCH);
      return Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
        if (mine !== serial) return;
        loaded = loaded.concat(data);
        render();
      });
    }

    /* A filter that leaves few of the loaded results asks for more matches. */
    function fill() {
      var wanted = (kind || tag) && shown.length < BATCH && !filling &&
                   loaded.length < Math.min(matched.length, LOAD_CEILING);
      if (!wanted) return;
      var mine = serial;
      filling = true;
      list.setAttribute("aria-busy", "true");
      loadBatch(mine).catch(function () {}).then(function () {
        if (mine !== serial) return;
        filling = false;
        list.setAttribute("aria-busy", "false");
        fill();
      });
    }

    function renderKinds() {
      var counts = {};
      loaded.forEach(function (r) { counts[kindOf(r)] = (counts[kindOf(r)] || 0) + 1; });
      var kinds = Object.keys(counts).sort(function (a, b) {
        var ia = KIND_ORDER.indexOf(a), ib = KIND_ORDER.indexOf(b);
        return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
      });
      if (kind && kinds.indexOf(kind) < 0) kinds.push(kind);
      // The chips are made again, also when a further batch arrives: keep the focus in place.
      var focused = kindsBox.contains(document.activeElement) ?
        document.activeElement.dataset.kind : null;
      kindsBox.textContent = "";
      [""].concat(kinds).forEach(function (name) {
        var chip = element("button", "search__chip");
        chip.type = "button";
        chip.dataset.kind = name;
        chip.setAttribute("aria-pressed", name === kind ? "true" : "false");
        chip.append(name || "All", " ", element("span", "count",
          String(name ? counts[name] || 0 : loaded.length)));
        kindsBox.appendChild(chip);
        if (name === focused) chip.focus();
      });
    }

    function renderTags() {
      var counts = {};
      loaded.forEach(function (r) {
        if (kind && kindOf(r) !== kind) return;
        tagsOf(r).forEach(function (t) { counts[t] = (counts[t] || 0) + 1; });
      });
      var tags = Object.keys(counts).sort(function (a, b) {
        return counts[b] - counts[a] || a.localeCompare(b);
      }).slice(0, 40);
      if (tag && tags.indexOf(tag) < 0) tags.unshift(tag);
      tagSelect.textContent = "";
      tagSelect.appendChild(new Option("Any", ""));
      tags.forEach(function (t) {
        tagSelect.appendChild(new Option(t + " (" + (counts[t] || 0) + ")", t, false, t === tag));
      });
      tagSelect.value = tag;
      tagSelect.disabled = !tags.length;
    }

    function render() {
      shown = byTitle(loaded, query).filter(function (r) {
        return (!kind || kindOf(r) === kind) && (!tag || tagsOf(r).indexOf(tag) >= 0);
      });
      renderKinds();
      renderTags();
      list.textContent = "";
      shown.forEach(function (result, index) {
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
          if (active !== index) setActive(index);
        });
        list.appendChild(option);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!query.trim()) {
        status.textContent = "";
      } else if (!loaded.length) {
        status.textContent = "No pages match “" + query.trim() + "”.";
      } else {
        var matches = matched.length;
        var capped = matches > loaded.length;
        var text;
        if (!(kind || tag)) {
          text = capped ? "The best " + loaded.length + " of " + matches + " pages."
                        : shown.length + (shown.length === 1 ? " page." : " pages.");
        } else {
          text = shown.length + " of " + (capped ? "the best " + loaded.length + " of " : "") +
                 matches + " pages.";
        }
        status.textContent = text + " ↑↓ to choose, Enter to open.";
      }
      fill();
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var text = input.value;
      if (text.trim()) pagefind();  // start loading the index while the reader types
      timer = window.setTimeout(function () { search(text); }, 120);
    });

    input.addEventListener("focus", function () {
      pagefind();
      if (input.value.trim() && loaded.length) open(true);
    });

    input.addEventListener("keydown", function (event) {
      var count = shown.length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!count) return;
        event.preventDefault();
        if (panel.hidden) open(true);
        var step = event.key === "ArrowDown" ? 1 : -1;
        setActive(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
      } else if (event.key === "Enter") {
        var chosen = shown[active >= 0 ? active : 0];
        if (chosen && !panel.hidden) {
          event.preventDefault();
          location.href = chosen.url;
        }
      } else if (event.key === "Escape") {
        event.preventDefault();
        if (!panel.hidden) {
          open(false);
        } else if (input.value) {
          input.value = "";
          search("");
        } else {
          input.blur();
        }
      }
    });

    kindsBox.addEventListener("click", function (event) {
      var chip = event.target.closest("[data-kind]");
      if (!chip) return;
      kind = chip.dataset.kind === kind ? "" : chip.dataset.kind;
      chip.focus();  // Safari does not focus a clicked button; render keeps the focus on it
      render();
    });

    tagSelect.addEventListener("change", function () {
      tag = tagSelect.value;
      render();
    });

    // Close when focus or a click leaves the search box.
    box.addEventListener("focusout", function () {
      window.setTimeout(function () {
        if (!box.contains(document.activeElement)) open(false);
      }, 0);
    });
    document.addEventListener("pointerdown", function (event) {
      if (!box.contains(event.target)) open(false);
    });

    // "/" anywhere but in a text field jumps to the search box.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      event.preventDefault();
      input.focus();
      input.select();
    });
  }

  var searchBox = document.querySelector("[data-search]");
  if (searchBox && window.fetch && window.Promise) setupSearch(searchBox);

  /* ---- citation previews ------------------------------------------------------------------
   * Pointing at (or focusing) a citation shows its entry from the page's own reference list;
   * a key the bibliography lacks says so. Escape closes the preview. */

  function setupCitationPreviews(citations) {
    var tip = element("div", "cite-preview");
    tip.id = "cite-preview";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    document.body.appendChild(tip);
    var owner = null;
    var showTimer = 0;
    var hideTimer = 0;

    function fill(link) {
      var key = link.dataset.cite;
      tip.textContent = "";
      tip.classList.toggle("cite-preview--missing", link.classList.contains("unresolved"));
      var entry = document.getElementById("ref-" + key);
      var text = entry && entry.querySelector(".reference__text");
      if (link.classList.contains("unresolved") || !text) {
        var note = element("p", "cite-preview__text");
        note.append(element("code", "", key), " is not in the bibliography.");
        tip.appendChild(note);
        return;
      }
      var body = element("div", "cite-preview__text");
      body.innerHTML = text.innerHTML;  // the page's own formatted entry
      tip.append(body, element("p", "cite-preview__hint", "Select the citation to open it in " +
                                                            "the bibliography."));
    }

    function place(link) {
      var rects = link.getClientRects();
      var box = rects.length ? rects[0] : link.getBoundingClientRect();
      var width = document.documentElement.clientWidth;
      var tipBox = tip.getBoundingClientRect();
      var left = Math.max(8, Math.min(box.left, width - tipBox.width - 8));
      var below = box.bottom + 8;
      var top = below + tipBox.height > window.innerHeight && box.top - tipBox.height - 8 > 0
        ? box.top - tipBox.height - 8 : below;
      tip.style.left = (left + window.scrollX) + "px";
      tip.style.top = (top + window.scrollY) + "px";
    }

    function show(link) {
      window.clearTimeout(hideTimer);
      window.clearTimeout(showTimer);
      if (owner && owner !== link) owner.removeAttribute("aria-describedby");
      owner = link;
      fill(link);
      tip.hidden = false;
      place(link);
      link.setAttribute("aria-describedby", tip.id);
    }

    function hide() {
      window.clearTimeout(showTimer);
      window.clearTimeout(hideTimer);
      tip.hidden = true;
      if (owner) owner.removeAttribute("aria-describedby");
      owner = null;
    }

    function hideSoon() {
      window.clearTimeout(showTimer);
      window.clearTimeout(hideTimer);
      hideTimer = window.setTimeout(hide, 200);
    }

    citations.forEach(function (link) {
      if (link.title) {  // the preview says it; a native tooltip on top would repeat it
        link.dataset.title = link.title;
        link.removeAttribute("title");
      }
      link.addEventListener("mouseenter", function () {
        window.clearTimeout(hideTimer);
        window.clearTimeout(showTimer);
        showTimer = window.setTimeout(function () { show(link); }, 120);
      });
      link.addEventListener("mouseleave", hideSoon);
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("blur", hideSoon);
    });
    tip.addEventListener("mouseenter", function () { window.clearTimeout(hideTimer); });
    tip.addEventListener("mouseleave", hideSoon);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && owner) hide();
    });
    window.addEventListener("resize", function () { if (owner) place(owner); });
  }

  var citations = document.querySelectorAll("a.citation[data-cite]");
  if (citations.length) setupCitationPreviews(citations);

  /* ---- the page's local graph -------------------------------------------------------------
   * The page among its neighbours along the chain, one column per kind (recipes → foods →
   * substances → targets → areas), from api/explore/local/<permalink>.json. Long columns
   * show their best-connected pages first and fold the rest into "+N more". */

  var CHAIN = ["recipe", "food", "substance", "biological-target", "therapeutic-area"];
  var PLURAL = { "recipe": "Recipes", "food": "Foods", "substance": "Substances",
                 "biological-target": "Targets", "therapeutic-area": "Areas" };
  var SINGULAR = { "recipe": "Recipe", "food": "Food", "substance": "Substance",
                   "biological-target": "Target", "therapeutic-area": "Area" };
  var LOCAL_ROWS = 8;

  function localGraphUrl() {
    var path = location.pathname.replace(/index\.html$/, "").replace(/\/+$/, "");
    if (path.indexOf(rootPath.replace(/\/$/, "")) !== 0) return null;
    var relative = path.slice(rootPath.replace(/\/$/, "").length).replace(/^\/+/, "");
    return relative ? siteRoot + "api/explore/local/" + relative + ".json" : null;
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

  function drawLocalGraph(section, data) {
    var canvas = section.querySelector("[data-local-graph-canvas]");
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
    var expanded = false;
    var font = getComputedStyle(section).fontFamily;
    var context = document.createElement("canvas").getContext("2d");
    context.font = "500 12.5px " + font;
    var measure = function (text) { return context.measureText(text).width; };

    function degree(node) { return outs.get(node).length + ins.get(node).length; }

    function columns() {
      var page = nodes[0];
      var kinds = CHAIN.filter(function (kind) {
        return nodes.some(function (n) { return n.kind === kind; });
      });
      var byKind = kinds.map(function (kind) {
        var members = nodes.filter(function (n) { return n.kind === kind; });
        members.sort(function (a, b) {
          return (b.page - a.page) || degree(b) - degree(a) || a.label.localeCompare(b.label);
        });
        var shown = expanded ? members : members.slice(0, LOCAL_ROWS);
        var hidden = members.length - shown.length;
        var omitted = (data.more || {})[kind] || 0;  // left out of the file: a large site
        var extra = hidden ? { text: "+" + (hidden + omitted) + " more", expands: true }
          : omitted ? { text: omitted + " more not drawn", expands: false } : null;
        return { kind: kind, all: members, shown: shown, total: members.length + omitted,
                 extra: extra };
      });
      // Order each column by where its neighbours sit in the column nearer the page, so
      // fewer lines cross; outward from the page's own column.
      var home = kinds.indexOf(page.kind);
      var row = new Map([[page, 0]]);
      var order = function (from, to) {
        var column = byKind[to];
        var near = byKind[from].shown;
        var mean = function (node) {
          var linked = outs.get(node).concat(ins.get(node)).filter(function (n) {
            return near.indexOf(n) >= 0;
          });
          if (!linked.length) return Infinity;
          return linked.reduce(function (sum, n) { return sum + row.get(n); }, 0) / linked.length;
        };
        var means = new Map(column.shown.map(function (n) { return [n, mean(n)]; }));
        column.shown.sort(function (a, b) {
          return (means.get(a) - means.get(b)) || a.label.localeCompare(b.label);
        });
        column.shown.forEach(function (n, at) { row.set(n, at); });
      };
      for (var left = home - 1; left >= 0; left--) order(left + 1, left);
      for (var right = home + 1; right < byKind.length; right++) order(right - 1, right);
      return byKind;
    }

    function render() {
      var byKind = columns();
      var style = getComputedStyle(canvas);
      var room = canvas.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      var gap = 26, pillHeight = 26, rowGap = 7, top = 30;
      // Each column as wide as its longest label wants (within limits), shrunk together when
      // they do not fit; the page scrolls sideways only below the minimum.
      var natural = byKind.map(function (column) {
        return Math.min(230, Math.max.apply(null, column.shown.map(function (n) {
          return measure(n.label) + (n.page ? 44 : 34);  // the page's own is bold
        }).concat([96])));
      });
      var wanted = natural.reduce(function (a, b) { return a + b; }, 0);
      var free = room - gap * (byKind.length - 1);
      var cap = 230;  // when they do not fit, the widest columns give way first
      if (wanted > free) {
        var low = 96;
        for (var step = 0; step < 24; step++) {
          var middle = (low + cap) / 2;
          var sum = natural.reduce(function (total, w) { return total + Math.min(w, middle); }, 0);
          if (sum > free) cap = middle;
          else low = middle;
        }
        cap = low;
      }
      var widths = natural.map(function (w) { return Math.min(w, cap); });
      var used = widths.reduce(function (a, b) { return a + b; }, 0);
      if (used < free && byKind.length > 1) gap = Math.min(80, (room - used) / (byKind.length - 1));
      var width = Math.max(room, used + gap * (byKind.length - 1));
      var lefts = [];
      widths.reduce(function (x, w, at) { lefts[at] = x; return x + w + gap; }, 0);
      var rows = Math.max.apply(null, byKind.map(function (c) {
        return c.shown.length + (c.extra ? 1 : 0);
      }));
      var height = top + rows * (pillHeight + rowGap);
      canvas.textContent = "";
      var svg = svgElement("svg", { "class": "local-graph__svg", "width": width,
                                    "height": height, "viewBox": "0 0 " + width + " " + height,
                                    "role": "group", "aria-labelledby": "local-graph-title" },
                           canvas);
      var edgeLayer = svgElement("g", { "class": "lg-edges", "aria-hidden": "true" }, svg);
      var nodeLayer = svgElement("g", { "class": "lg-nodes" }, svg);
      var place = new Map();
      var elements = new Map();
      byKind.forEach(function (column, at) {
        var x = lefts[at];
        var columnWidth = widths[at];
        var count = column.shown.length + (column.extra ? 1 : 0);
        var y0 = top + (rows - count) * (pillHeight + rowGap) / 2;
        var heading = svgElement("text", { "class": "lg-heading", "x": x + 2, "y": 14 },
                                 nodeLayer);
        heading.textContent = column.kind === nodes[0].kind ? SINGULAR[column.kind]
          : PLURAL[column.kind] + " " + column.total;
        column.shown.forEach(function (node, row) {
          var y = y0 + row * (pillHeight + rowGap);
          place.set(node, { x: x, y: y, width: columnWidth });
          var group = node.page
            ? svgElement("g", { "class": "lg-node lg-node--page" }, nodeLayer)
            : svgElement("a", { "class": "lg-node", "href": node.url }, nodeLayer);
          group.classList.add("lg-node--" + node.kind);
          if (!node.page) {
            group.setAttribute("aria-label", node.title + " (" + node.kind.replace("-", " ") + ")");
          }
          svgElement("title", {}, group).textContent = node.title;
          svgElement("rect", { "x": x, "y": y, "width": columnWidth, "height": pillHeight,
                               "rx": 8 }, group);
          svgElement("circle", { "class": "lg-dot", "cx": x + 12, "cy": y + pillHeight / 2,
                                 "r": 4 }, group);
          var label = svgElement("text", { "x": x + 22, "y": y + pillHeight / 2 + 4.3 }, group);
          label.textContent = fitText(node.label, columnWidth - 30, measure);
          elements.set(node, group);
          group.addEventListener("mouseenter", function () { light(node); });
          group.addEventListener("mouseleave", function () { light(null); });
          group.addEventListener("focus", function () { light(node); });
          group.addEventListener("blur", function () { light(null); });
        });
        if (column.extra) {
          var y = y0 + column.shown.length * (pillHeight + rowGap);
          var more = svgElement("g", { "class": "lg-more" }, nodeLayer);
          svgElement("rect", { "x": x, "y": y, "width": columnWidth, "height": pillHeight,
                               "rx": 8 }, more);
          var text = svgElement("text", { "x": x + columnWidth / 2, "y": y + pillHeight / 2 + 4.3,
                                          "text-anchor": "middle" }, more);
          text.textContent = column.extra.text;
          if (column.extra.expands) {
            more.classList.add("lg-more--button");
            more.setAttribute("role", "button");
            more.setAttribute("tabindex", "0");
            more.setAttribute("aria-label", "Show more " + PLURAL[column.kind].toLowerCase());
            var expand = function (event) {
              if (event.type === "keydown" && event.key !== "Enter" && event.key !== " ") return;
              event.preventDefault();
              expanded = true;
              render();
            };
            more.addEventListener("click", expand);
            more.addEventListener("keydown", expand);
          }
        }
      });
      var edgeElements = [];
      data.edges.forEach(function (edge) {
        var source = nodes[edge[0]], target = nodes[edge[1]];
        var a = place.get(source), b = place.get(target);
        if (!a || !b) return;
        var x1 = a.x + a.width, y1 = a.y + pillHeight / 2, x2 = b.x, y2 = b.y + pillHeight / 2;
        var bend = (x2 - x1) / 2;
        var path = svgElement("path", {
          "d": "M" + x1 + "," + y1 + " C" + (x1 + bend) + "," + y1 + " " + (x2 - bend) + "," + y2 +
               " " + x2 + "," + y2 }, edgeLayer);
        edgeElements.push({ path: path, source: source, target: target });
      });

      function light(node) {
        svg.classList.toggle("is-lit", !!node);
        var chain = node ? chainOf(node, outs, ins) : null;
        elements.forEach(function (group, n) {
          group.classList.toggle("is-on", !!chain && chain.has(n));
        });
        edgeElements.forEach(function (e) {
          e.path.classList.toggle("is-on", !!chain && chain.hasEdge(e.source, e.target));
        });
      }
    }

    section.hidden = false;
    render();
    var lastWidth = canvas.clientWidth;
    window.addEventListener("resize", function () {
      if (canvas.clientWidth !== lastWidth) {
        lastWidth = canvas.clientWidth;
        render();
      }
    });
  }

  var localGraph = document.querySelector("[data-local-graph]");
  var localUrl = localGraph && window.fetch ? localGraphUrl() : null;
  if (localUrl) {
    fetch(localUrl).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data && data.nodes && data.nodes.length > 1) drawLocalGraph(localGraph, data);
    }).catch(function () { /* the page reads fine without its graph */ });
  }
})();
