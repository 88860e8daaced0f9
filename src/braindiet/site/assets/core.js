/* braindiet — what every page runs first: the theme switch, the off-canvas menu, anchors in
 * collapsed blocks, the "On this page" highlight, and the helpers the feature scripts share
 * on `window.braindiet` (search.js, citations.js, local-graph.js, graph-view.js, finder.js
 * run after it: deferred scripts run in the order the page lists them).
 * No dependencies; everything degrades to a working static page without it. */
(function () {
  "use strict";

  var root = document.documentElement;
  var THEME_KEY = "braindiet-theme";
  var SVG_NS = "http://www.w3.org/2000/svg";

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

  function setupTheme() {
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      button.addEventListener("click", function () {
        setTheme(theme() === "dark" ? "light" : "dark", true);
      });
    });
    labelThemeButtons();
    // Follow the system setting while the reader has not chosen one here.
    if (!window.matchMedia) return;
    var system = window.matchMedia("(prefers-color-scheme: dark)");
    var followSystem = function (event) {
      var stored = null;
      try { stored = localStorage.getItem(THEME_KEY); } catch (e) { /* ignore */ }
      if (!stored) setTheme(event.matches ? "dark" : "light", false);
    };
    if (system.addEventListener) system.addEventListener("change", followSystem);
  }

  /* ---- off-canvas menu (narrow screens) -------------------------------------------------- */

  function setupMenu(toggle, sidebar) {
    var menuOpen = function () { return root.classList.contains("menu-open"); };
    var setMenu = function (open, returnFocus) {
      root.classList.toggle("menu-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.setAttribute("aria-label", open ? "Close the menu" : "Open the menu");
      if (!open && returnFocus) toggle.focus();
    };
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
  function showCurrentInSidebar(sidebar) {
    var current = sidebar.querySelector('[aria-current="page"]');
    if (!current || sidebar.scrollHeight <= sidebar.clientHeight) return;
    var top = current.getBoundingClientRect().top - sidebar.getBoundingClientRect().top;
    if (top > sidebar.clientHeight * 0.7) {
      sidebar.scrollTop = top - sidebar.clientHeight / 3;
    }
  }

  function setupSidebar() {
    var toggle = document.querySelector("[data-menu-toggle]");
    var sidebar = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (toggle && !sidebar) toggle.hidden = true;  // a page without a sidebar has nothing to open
    else if (toggle) setupMenu(toggle, sidebar);
    if (sidebar) showCurrentInSidebar(sidebar);
  }

  /* ---- open the collapsed block holding a linked anchor ---------------------------------- */

  function revealTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  function setupAnchors() {
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
  }

  /* ---- "On this page": highlight the section being read ---------------------------------- */

  /* The first heading still on screen marks the section being read if it is in the upper
   * half of the window; otherwise the reader is still in the section before it. */
  function sectionBeingRead(sections) {
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
      active = sections.length - 1;  // the last sections may be too short to reach the top
    }
    return active;
  }

  function setupTocHighlight() {
    var tocLinks = Array.prototype.slice.call(document.querySelectorAll('.toc a[href^="#"]'));
    if (!tocLinks.length) return;
    var sections = tocLinks.map(function (link) {
      return document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    });
    var pending = false;
    var highlight = function () {
      pending = false;
      var active = sectionBeingRead(sections);
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

  /* ---- shared helpers ---------------------------------------------------------------------- */

  /* This script is published as <site root>/assets/core.<hash>.js, so its own address says
   * where the site's root is, whatever base URL the site is served under. */
  function findSiteRoot() {
    var script = document.currentScript;
    var src = script && script.src;
    var at = src ? src.lastIndexOf("/assets/") : -1;
    return at >= 0 ? src.slice(0, at + 1) : location.origin + "/";
  }

  /* The kinds of page, from braindiet's one table (content/kinds.py), which the page carries
   * as JSON: labels, plurals, chain positions and graph sizes are never copied into scripts. */
  function readKinds() {
    var holder = document.getElementById("braindiet-kinds");
    try {
      return holder ? JSON.parse(holder.textContent) : [];
    } catch (e) {
      return [];
    }
  }

  function kindLookup(table) {
    var byName = new Map(table.map(function (entry) { return [entry.kind, entry]; }));
    return function (name) {  // a kind the table lacks still gets a usable entry
      return byName.get(name) || { kind: name, label: name, plural: name, short: name,
                                   chain: null, radius: 4 };
    };
  }

  function svgElement(tag, attributes, parent) {
    var made = document.createElementNS(SVG_NS, tag);
    Object.keys(attributes || {}).forEach(function (name) {
      made.setAttribute(name, attributes[name]);
    });
    if (parent) parent.appendChild(made);
    return made;
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined && text !== null) made.textContent = text;
    return made;
  }

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
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

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName;
    return target.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  setupTheme();
  setupSidebar();
  setupAnchors();
  setupTocHighlight();

  var siteRoot = findSiteRoot();
  var kinds = readKinds();
  window.braindiet = {
    siteRoot: siteRoot,
    rootPath: new URL(siteRoot).pathname,
    kinds: kinds,  // in display order: the chain from recipe to area, then the rest
    kind: kindLookup(kinds),
    svgElement: svgElement,
    element: element,
    fetchJson: fetchJson,
    chainOf: chainOf,
    isTyping: isTyping,
  };
})();
