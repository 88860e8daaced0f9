/* braindiet — zoom and pan for the graph view's SVG: the wheel and the zoom buttons zoom, a
 * drag moves, "fit" frames the drawing. Shared with graph-view.js as
 * `window.braindiet.panZoom`. */
(function () {
  "use strict";

  var shared = window.braindiet;
  if (!shared) return;

  var MIN_SCALE = 0.15, MAX_SCALE = 8, FIT_MAX_SCALE = 2.5;
  var ZOOMED = 1.7;  // from this scale on every label shows (.is-zoomed)

  function apply(z) {
    var t = z.transform;
    z.viewport.setAttribute("transform", "translate(" + t.x.toFixed(1) + "," + t.y.toFixed(1) +
                            ") scale(" + t.k.toFixed(4) + ")");
    z.svg.classList.toggle("is-zoomed", t.k >= ZOOMED);
  }

  function zoomAt(z, factor, px, py) {
    var t = z.transform;
    var k = Math.max(MIN_SCALE, Math.min(MAX_SCALE, t.k * factor));
    t.x = px - (px - t.x) * k / t.k;
    t.y = py - (py - t.y) * k / t.k;
    t.k = k;
    apply(z);
  }

  /* Frame `box` ({left, right, top, bottom} in drawing units), centred in the stage. */
  function fit(z, box) {
    if (!box) return;
    var width = z.stage.clientWidth, height = z.stage.clientHeight;
    var k = Math.min(width / (box.right - box.left), height / (box.bottom - box.top),
                     FIT_MAX_SCALE);
    z.transform.k = k;
    z.transform.x = (width - (box.right - box.left) * k) / 2 - box.left * k;
    z.transform.y = (height - (box.bottom - box.top) * k) / 2 - box.top * k;
    apply(z);
  }

  function bindDrag(z) {
    var svg = z.svg;
    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      z.drag = { x: event.clientX, y: event.clientY, tx: z.transform.x, ty: z.transform.y,
                 moved: false, id: event.pointerId };
    });
    svg.addEventListener("pointermove", function (event) {
      var drag = z.drag;
      if (!drag || event.pointerId !== drag.id) return;
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 5) return;
      if (!drag.moved) {
        drag.moved = true;
        svg.setPointerCapture(event.pointerId);
        svg.classList.add("is-panning");
      }
      z.transform.x = drag.tx + dx;
      z.transform.y = drag.ty + dy;
      apply(z);
    });
    var endDrag = function () {
      if (z.drag && z.drag.moved) {
        svg.classList.remove("is-panning");
        var wasDrag = z.drag;
        window.setTimeout(function () { if (z.drag === wasDrag) z.drag = null; }, 0);
      } else {
        z.drag = null;
      }
    };
    svg.addEventListener("pointerup", endDrag);
    svg.addEventListener("pointercancel", endDrag);
    svg.addEventListener("click", function (event) {  // a drag that began on a node is no click
      if (z.drag && z.drag.moved) {
        event.preventDefault();
        z.drag = null;
      }
    }, true);
  }

  function bindZoom(z, buttons, bounds) {
    z.svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var box = z.svg.getBoundingClientRect();
      zoomAt(z, Math.exp(-event.deltaY * 0.0015), event.clientX - box.left,
             event.clientY - box.top);
    }, { passive: false });
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var how = button.dataset.zoom;
        if (how === "fit") fit(z, bounds());
        else zoomAt(z, how === "in" ? 1.4 : 1 / 1.4, z.stage.clientWidth / 2,
                    z.stage.clientHeight / 2);
      });
    });
  }

  /* Zoom and pan `viewport` (a <g> in `svg`, shown in `stage`); `buttons` carry data-zoom
   * ("in", "out", "fit"), `bounds()` says what "fit" frames. */
  shared.panZoom = function (svg, viewport, stage, buttons, bounds) {
    var z = { svg: svg, viewport: viewport, stage: stage, transform: { k: 1, x: 0, y: 0 },
              drag: null };
    bindZoom(z, buttons, bounds);
    bindDrag(z);
    return { fit: function () { fit(z, bounds()); } };
  };
})();
