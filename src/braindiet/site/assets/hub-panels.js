/* Hub panels: the collapsibles mechanism pages write as raw HTML, and <PhenomeScoringKey>.

   An item is div[data-brs-fm-hub] > .brs-fm-hub-shell > (a header) + .brs-fm-hub-panel. Its
   toggle is the shell's own .brs-fm-hub-summary button, or the .brs-fm-hub-toggle in its
   summary row or group summary row. Items start as their markup says (aria-expanded, hidden).

   - a toggle opens and closes its panel (a <button>: Enter and Space too), aria-expanded
     follows;
   - an "open" action button opens its own item (or, with data-brs-hub-focus-child=N, child N of
     its group) and brings it into view;
   - the URL's #hash opens every panel around its target, on load and on hashchange, so a link
     can open one; closing the panel that holds the target takes the hash off the URL;
   - opening "System Optimisation Practices" opens its food-preparation category (and the
     conditional supplementation one when it has content).

   Loaded only by pages that have such panels; without JavaScript hub-panels.css shows every
   panel instead (the page marks <html data-hub-panels> when scripts run). */
(function () {
  "use strict";

  var ITEM = "[data-brs-fm-hub]";
  var SOP_TITLE = "System Optimisation Practices";
  var dismissed = "";

  function child(parent, selector) {
    for (var i = 0; i < parent.children.length; i++) {
      if (parent.children[i].matches(selector)) return parent.children[i];
    }
    return null;
  }

  function parts(item) {
    var shell = child(item, ".brs-fm-hub-shell");
    if (!shell) return null;
    var row = child(shell, ".brs-fm-hub-summary-row") ||
      child(shell, ".brs-fm-hub-group-summary-row");
    var toggle = child(shell, ".brs-fm-hub-summary") ||
      (row && row.querySelector(".brs-fm-hub-toggle"));
    var panel = child(shell, ".brs-fm-hub-panel");
    return toggle && panel ? { toggle: toggle, panel: panel } : null;
  }

  function isOpen(item) {
    var p = parts(item);
    return !!p && p.toggle.getAttribute("aria-expanded") === "true";
  }

  function setOpen(item, open) {
    var p = parts(item);
    if (!p) return;
    p.toggle.setAttribute("aria-expanded", open ? "true" : "false");
    p.panel.hidden = !open;
    item.classList.toggle("brs-fm-hub-item--open", open);
    if (open && title(item) === SOP_TITLE) openSopDefaults(item);
  }

  function title(item) {
    var shell = child(item, ".brs-fm-hub-shell");
    var summary = shell && child(shell, ".brs-fm-hub-summary");
    var strong = summary && summary.querySelector("strong");
    return strong ? strong.textContent.trim() : "";
  }

  function openSopDefaults(item) {
    var first = item.querySelector('[data-brs-sop-category="food_prep"]') ||
      item.querySelector(".brs-hub-sop-categories > .brs-hub-sop-category");
    if (first) setOpen(first, true);
    var conditional = item.querySelector(
      '[data-brs-sop-category="conditional_supplementation"][data-brs-sop-populated="true"]');
    if (conditional) setOpen(conditional, true);
  }

  function enclosing(element) {
    var chain = [];
    var node = element;
    while (node && (node = node.closest(ITEM))) {
      chain.unshift(node);
      node = node.parentElement;
    }
    return chain; // outermost first
  }

  function reveal(element, block) {
    enclosing(element).forEach(function (item) {
      if (!isOpen(item)) setOpen(item, true);
    });
    element.scrollIntoView({ block: block || "nearest" });
  }

  // ---- the URL hash ------------------------------------------------------------------------

  function currentHash() {
    var raw = location.hash.replace(/^#/, "");
    try { return decodeURIComponent(raw); } catch (e) { return raw; }
  }

  function slug(text) {
    return text.replace(/\s*\{#[^}]+\}\s*$/, "").trim().toLowerCase()
      .replace(/[:.,()/]+/g, "").replace(/[^\w\s-]/g, "")
      .replace(/\s+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
  }

  function byAttribute(root, name, value) {
    var all = root.querySelectorAll("[" + name + "]");
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute(name) === value) return all[i];
    }
    return null;
  }

  function heading(root, hash) {
    var all = root.querySelectorAll("h1, h2, h3, h4, h5, h6");
    for (var i = 0; i < all.length; i++) {
      if (all[i].id === hash || slug(all[i].textContent || "") === hash) return all[i];
    }
    return null;
  }

  function target(hash) {
    return document.getElementById(hash) ||
      byAttribute(document, "data-brs-emerging-support", hash) ||
      heading(document, hash) ||
      byAttribute(document, "data-brs-hub-hash", hash);
  }

  function holds(item, hash) {
    var found = hash && target(hash);
    return !!found && (found === item || item.contains(found));
  }

  function openHash(force) {
    var hash = currentHash();
    if (!hash || (!force && hash === dismissed)) return;
    var found = target(hash);
    if (!found || !found.closest(ITEM)) return;
    dismissed = "";
    var inner = found.matches(ITEM) ? heading(found, hash) : null;
    requestAnimationFrame(function () { reveal(inner || found, "start"); });
  }

  // ---- wiring ------------------------------------------------------------------------------

  function bind(item) {
    var p = parts(item);
    if (!p || item.hasAttribute("data-hub-bound")) return;
    item.setAttribute("data-hub-bound", "");
    setOpen(item, p.toggle.getAttribute("aria-expanded") === "true");
    if (p.toggle.tagName !== "BUTTON") { // a button handles Enter and Space itself
      p.toggle.setAttribute("role", "button");
      p.toggle.tabIndex = 0;
      p.toggle.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          p.toggle.click();
        }
      });
    }
    p.toggle.addEventListener("click", function (event) {
      event.preventDefault();
      var open = !isOpen(item);
      setOpen(item, open);
      var hash = currentHash();
      if (!open && holds(item, hash)) {
        dismissed = hash;
        history.replaceState(history.state, "", location.pathname + location.search);
      }
    });
  }

  function openAction(event) {
    var button = event.target.closest(".brs-fm-hub-open--action, [data-brs-hub-focus-child]");
    if (!button) return;
    event.preventDefault();
    event.stopPropagation();
    var index = button.getAttribute("data-brs-hub-focus-child");
    if (index !== null) {
      var group = button.closest(".brs-fm-hub-group" + ITEM);
      var children = group && group.querySelector(".brs-fm-hub-group-children");
      var wanted = children && byAttribute(children, "data-brs-fm-hub-group-index", index);
      if (group) setOpen(group, true);
      if (wanted) reveal(wanted);
      if (wanted) setOpen(wanted, true);
      return;
    }
    var item = button.closest(ITEM);
    if (item) {
      reveal(item);
      setOpen(item, true);
    }
  }

  function start() {
    var items = document.querySelectorAll(ITEM);
    for (var i = 0; i < items.length; i++) bind(items[i]);
    document.addEventListener("click", openAction);
    window.addEventListener("hashchange", function () { openHash(true); });
    openHash(false);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
