/* Filters and sortable tables of the minutes pages; the pages work without it. */
(function () {
  "use strict";

  function setupFilter(form) {
    var key = form.getAttribute("data-minutes-filter");
    var tables = document.querySelectorAll('[data-minutes-rows="' + key + '"]');
    var output = form.querySelector("output");
    var selects = form.querySelectorAll("select");
    function apply() {
      var shown = 0, total = 0;
      tables.forEach(function (table) {
        table.querySelectorAll("tbody tr").forEach(function (row) {
          var ok = true;
          selects.forEach(function (select) {
            var want = select.value;
            if (!want) return;
            var have = (row.getAttribute("data-" + select.name) || "").split(" ");
            if (have.indexOf(want) < 0) ok = false;
          });
          row.hidden = !ok;
          total += 1;
          if (ok) shown += 1;
        });
      });
      if (output) output.textContent = shown + " of " + total + " shown";
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      if (params.has(select.name)) select.value = params.get(select.name);
    });
    apply();
  }

  function cellValue(row, index) {
    var cell = row.children[index];
    return cell ? cell.textContent.trim() : "";
  }

  function setupSort(table) {
    table.querySelectorAll("thead th").forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "minutes-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          var nx = parseFloat(x), ny = parseFloat(y);
          var cmp = (!isNaN(nx) && !isNaN(ny) && /^[\d.]+%?$/.test(x) && /^[\d.]+%?$/.test(y))
            ? nx - ny : x.localeCompare(y);
          return ascending ? cmp : -cmp;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      button.addEventListener("click", sort);
    });
  }

  function init() {
    document.querySelectorAll("form[data-minutes-filter]").forEach(setupFilter);
    document.querySelectorAll("table.minutes-sortable").forEach(setupSort);
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);  /* Material's instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
