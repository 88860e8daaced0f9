/* braindiet — the site's one script: theme switch, off-canvas menu, "On this page" highlight.
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
})();
