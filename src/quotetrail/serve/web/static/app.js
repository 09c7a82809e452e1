// Light up every piece of a statement while one is hovered or focused, and show its details
// when a later piece is hovered (CSS shows them for the first piece). Reads only data-* ids;
// never writes HTML.
(function () {
  "use strict";
  function pieces(id) { return document.querySelectorAll('mark.q[data-q="' + CSS.escape(id) + '"]'); }
  function toggle(ev, on) {
    var m = ev.target.closest && ev.target.closest("mark.q[data-q]");
    if (!m) return;
    var id = m.getAttribute("data-q");
    pieces(id).forEach(function (p) { p.classList.toggle("lit", on); });
    var tip = document.getElementById("tip" + id);
    if (tip) tip.classList.toggle("show", on && !m.hasAttribute("tabindex"));
  }
  document.addEventListener("mouseover", function (ev) { toggle(ev, true); });
  document.addEventListener("mouseout", function (ev) { toggle(ev, false); });
  document.addEventListener("focusin", function (ev) { toggle(ev, true); });
  document.addEventListener("focusout", function (ev) { toggle(ev, false); });
})();
