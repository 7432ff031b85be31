/* Filters and sortable tables of the minutes pages; the pages work without it. */
(function () {
  "use strict";

  /* The parts of a long page (one per year) are linked in p.minutes-parts: a filter set here
     is carried to them, and a small index per filter value (owner/<id>.json, group/<id>.json)
     says which other years hold matching rows, fetched only when a filter is chosen. */
  function partLinks() {
    var byYear = {}, here = [];
    document.querySelectorAll(".minutes-parts [data-years]").forEach(function (el) {
      el.getAttribute("data-years").split(" ").forEach(function (year) {
        if (el.tagName === "A") byYear[year] = el; else here.push(year);
      });
    });
    return { byYear: byYear, here: here };
  }

  function withQuery(href, query) {
    return href.split("?")[0].split("#")[0] + (query ? "?" + query : "");
  }

  function setupFilter(form) {
    var key = form.getAttribute("data-minutes-filter");
    var base = form.getAttribute("data-minutes-index");
    var tables = document.querySelectorAll('[data-minutes-rows="' + key + '"]');
    var output = form.querySelector("output");
    var elsewhere = form.querySelector(".minutes-elsewhere");
    var selects = form.querySelectorAll("select");
    var parts = partLinks();
    var asked = 0;
    function query() {
      var params = new URLSearchParams();
      selects.forEach(function (select) { if (select.value) params.set(select.name, select.value); });
      return params.toString();
    }
    function otherYears() {
      if (!elsewhere || base === null) return;
      var ask = ++asked;
      var keyed = Array.prototype.filter.call(selects, function (s) {
        return s.value && s.name !== "status";
      });
      elsewhere.textContent = "";
      if (!keyed.length || !Object.keys(parts.byYear).length) return;
      Promise.all(keyed.map(function (s) {
        return fetch(base + s.name + "/" + encodeURIComponent(s.value) + ".json")
          .then(function (r) { return r.ok ? r.json() : {}; })
          .catch(function () { return {}; });
      })).then(function (indexes) {
        if (ask !== asked) return;
        var years = Object.keys(indexes[0]).filter(function (y) {
          return parts.byYear[y] && indexes.every(function (ix) { return ix[y]; });
        }).sort().reverse();
        if (!years.length) { elsewhere.textContent = "None in other years."; return; }
        elsewhere.appendChild(document.createTextNode("Also in other years: "));
        years.forEach(function (y, i) {
          var a = document.createElement("a");
          a.href = withQuery(parts.byYear[y].getAttribute("href"), query());
          a.textContent = y;
          var n = Math.min.apply(null, indexes.map(function (ix) { return ix[y]; }));
          if (i) elsewhere.appendChild(document.createTextNode(" · "));
          elsewhere.appendChild(a);
          elsewhere.appendChild(document.createTextNode(" (" + n + ")"));
        });
      });
    }
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
      Object.keys(parts.byYear).forEach(function (y) {
        var a = parts.byYear[y];
        a.setAttribute("href", withQuery(a.getAttribute("href"), query()));
      });
      otherYears();
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
