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

// Label each cell of a data table with its column's header (data-label), so a phone can show
// a row as a card (style.css, .stacked) instead of cutting off the columns on the right. Tables
// whose headers sort (.sorted) stay tables: they scroll. Copies header text only, as text.
(function () {
  "use strict";
  document.querySelectorAll("table.list:not(.sorted)").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    if (!heads.length) return;
    var labels = [];
    heads.forEach(function (th) {
      for (var i = 0; i < (th.colSpan || 1); i++) labels.push(th.textContent.trim());
    });
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      var col = 0;
      Array.prototype.forEach.call(tr.cells, function (td) {
        if ((td.colSpan || 1) === 1 && labels[col]) td.setAttribute("data-label", labels[col]);
        col += td.colSpan || 1;
      });
    });
    table.classList.add("stacked");
  });
})();
