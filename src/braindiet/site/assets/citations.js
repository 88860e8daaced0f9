/* braindiet — citation previews.
 *
 * Pointing at (or focusing) a citation shows its entry from the page's own reference list;
 * a key the bibliography lacks says so. Escape closes the preview. */
(function () {
  "use strict";

  var shared = window.braindiet;
  var citations = document.querySelectorAll(".citation[data-cite]");
  if (!shared || !citations.length) return;
  var element = shared.element;

  function makeTip() {
    var tip = element("div", "cite-preview");
    tip.id = "cite-preview";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    document.body.appendChild(tip);
    return tip;
  }

  function fill(tip, link) {
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

  /* Below the citation's first line, or above it when there is no room below. */
  function place(tip, link) {
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

  function setupPreviews(links) {
    var tip = makeTip();
    var owner = null;
    var showTimer = 0;
    var hideTimer = 0;
    var stopTimers = function () {
      window.clearTimeout(showTimer);
      window.clearTimeout(hideTimer);
    };
    var show = function (link) {
      stopTimers();
      if (owner && owner !== link) owner.removeAttribute("aria-describedby");
      owner = link;
      fill(tip, link);
      tip.hidden = false;
      place(tip, link);
      link.setAttribute("aria-describedby", tip.id);
    };
    var hide = function () {
      stopTimers();
      tip.hidden = true;
      if (owner) owner.removeAttribute("aria-describedby");
      owner = null;
    };
    var hideSoon = function () {
      stopTimers();
      hideTimer = window.setTimeout(hide, 200);
    };
    links.forEach(function (link) {
      if (link.title) {  // the preview says it; a native tooltip on top would repeat it
        link.dataset.title = link.title;
        link.removeAttribute("title");
      }
      link.addEventListener("mouseenter", function () {
        stopTimers();
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
    window.addEventListener("resize", function () { if (owner) place(tip, owner); });
  }

  setupPreviews(citations);
})();
