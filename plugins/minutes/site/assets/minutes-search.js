/* The header search, answered by Pagefind: only the index chunks a query needs are fetched. */
(function () {
  "use strict";
  var root = document.querySelector("[data-minutes-search]");
  if (!root) return;
  var input = root.querySelector("[data-minutes-search-query]");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var selects = root.querySelectorAll("[data-minutes-search-filter]");
  var toggle = document.getElementById("__search");
  var bundle = new URL(root.getAttribute("data-minutes-search"), window.location.href);
  var siteRoot = new URL("..", bundle).pathname;
  var pagefind = null;
  var loading = null;
  var serial = 0;

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind.js", bundle).href).then(function (pf) {
        pagefind = pf;
        return pf.options({ baseUrl: siteRoot, excerptLength: 24 }).then(function () {
          return pf.filters();
        }).then(function (filters) {
          selects.forEach(function (select) {
            var key = select.getAttribute("data-minutes-search-filter");
            var values = Object.keys(filters[key] || {}).sort();
            if (key === "year") values.reverse();
            values.forEach(function (value) {
              var option = document.createElement("option");
              option.value = value;
              option.textContent = value;
              select.appendChild(option);
            });
          });
          return pf;
        });
      });
    }
    return loading;
  }

  function text(tag, className, content) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (content !== undefined) el.textContent = content;
    return el;
  }

  function excerpt(html) {
    /* Pagefind excerpts are escaped text with <mark> around the matches. */
    var p = document.createElement("p");
    p.innerHTML = html;
    p.querySelectorAll("*:not(mark)").forEach(function (el) { el.replaceWith(el.textContent); });
    return p;
  }

  function render(results, count, query) {
    list.innerHTML = "";
    meta.textContent = count === 0 ? "No matching documents"
      : count === 1 ? "1 matching document" : count + " matching documents";
    results.forEach(function (data) {
      var item = text("li", "md-search-result__item");
      var link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = data.url;
      var article = text("article", "md-search-result__article md-typeset");
      article.appendChild(text("h1", "", data.meta.title || data.url));
      if (data.meta.date) article.appendChild(text("p", "minutes-search-date", data.meta.date));
      article.appendChild(excerpt(data.excerpt));
      link.appendChild(article);
      item.appendChild(link);
      (data.sub_results || []).filter(function (sub) {
        return sub.url !== data.url && sub.title !== data.meta.title;
      })
        .slice(0, 3).forEach(function (sub) {
          var subLink = document.createElement("a");
          subLink.className = "md-search-result__link minutes-search-section";
          subLink.href = sub.url;
          var subArticle = text("article", "md-search-result__article md-typeset");
          subArticle.appendChild(text("h2", "", sub.title));
          subArticle.appendChild(excerpt(sub.excerpt));
          subLink.appendChild(subArticle);
          item.appendChild(subLink);
        });
      list.appendChild(item);
    });
  }

  // While `mkdocs serve` runs on this machine, the index follows an edit a few seconds late:
  // a page deleted meanwhile is left out rather than shown (a published site skips this).
  var local = location.hostname === "127.0.0.1" || location.hostname === "localhost";

  function live(data) {
    if (!local) return data;
    return Promise.all(data.map(function (d) {
      return fetch(d.url, { method: "HEAD" }).then(function (r) { return r.ok ? d : null; },
                                                    function () { return d; });
    })).then(function (kept) { return kept.filter(Boolean); });
  }

  function search() {
    var query = input.value.trim();
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) filters[select.getAttribute("data-minutes-search-filter")] = select.value;
    });
    var mine = ++serial;
    if (!query && Object.keys(filters).length === 0) {
      list.innerHTML = "";
      meta.textContent = "Type to start searching";
      return;
    }
    load().then(function (pf) {
      return pf.debouncedSearch(query || null, { filters: filters, sort: query ? undefined : { date: "desc" } }, 150);
    }).then(function (found) {
      if (!found || mine !== serial) return null;
      var count = found.results.length;
      return Promise.all(found.results.slice(0, 10).map(function (r) { return r.data(); }))
        .then(live)
        .then(function (data) { if (mine === serial) render(data, count, query); });
    }).catch(function (error) {
      meta.textContent = "Search is unavailable: " + error.message;
    });
  }

  input.addEventListener("focus", function () {
    if (toggle) toggle.checked = true;
    load();
  });
  input.addEventListener("input", search);
  selects.forEach(function (select) { select.addEventListener("change", search); });
  root.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
  });
  root.querySelector("form").addEventListener("reset", function () {
    setTimeout(search, 0);
  });
  document.addEventListener("keydown", function (event) {
    var typing = /input|textarea|select/i.test((event.target && event.target.tagName) || "");
    if (event.key === "Escape" && toggle && toggle.checked) {
      toggle.checked = false;
      input.blur();
    } else if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
      event.preventDefault();
      input.focus();
    }
  });
  list.addEventListener("click", function () { if (toggle) toggle.checked = false; });
})();
