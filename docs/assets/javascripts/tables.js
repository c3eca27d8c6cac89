// Index tables (the list pages' `<div class="wiki-sortable">`), sortable and filterable.
// Progressive enhancement: without script each stays a plain table in name order. With
// it, each column header becomes a button that sorts by that column (aria-sort says how),
// and a labelled search box above the table hides the rows that do not contain its words.
// Dates sort by the ISO date of their <time datetime> (or a data-sort attribute), the
// rest as text in the page's language; empty cells go last either way. It runs from disk
// too (no request anywhere) and again after each page change of instant navigation.
(function () {
  "use strict";
  const SORTED_FROM = 2; // rows, at least, for the headers to sort
  const FILTERED_FROM = 6; // rows, at least, for a filter box above the table
  let counter = 0;

  function sortKey(cell) {
    const marked = cell.querySelector("[data-sort], time[datetime]");
    if (marked) return { date: marked.getAttribute("data-sort") || marked.getAttribute("datetime") };
    return { text: cell.textContent.trim() };
  }

  function compare(a, b, collator) {
    const x = a.date !== undefined ? a.date : a.text;
    const y = b.date !== undefined ? b.date : b.text;
    if (!x || !y) return !x - !y; // empty last
    if (a.date !== undefined && b.date !== undefined) return x < y ? -1 : x > y ? 1 : 0;
    return collator.compare(x, y);
  }

  function sortBy(table, column, direction) {
    const body = table.tBodies[0];
    const collator = new Intl.Collator(document.documentElement.lang || undefined,
                                       { numeric: true, sensitivity: "base" });
    const rows = Array.from(body.rows).map((row, index) =>
      ({ row, index, key: sortKey(row.cells[column] || row.cells[0]) }));
    const sign = direction === "descending" ? -1 : 1;
    rows.sort((a, b) => {
      const empty = !(a.key.date || a.key.text) - !(b.key.date || b.key.text);
      return empty || sign * compare(a.key, b.key, collator) || a.index - b.index;
    });
    for (const { row } of rows) body.appendChild(row);
    table.tHead.rows[0].querySelectorAll("th").forEach((th, index) => {
      if (index === column) th.setAttribute("aria-sort", direction);
      else th.removeAttribute("aria-sort");
    });
  }

  function filter(table, words, status) {
    const wanted = words.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of table.tBodies[0].rows) {
      const text = row.textContent.toLocaleLowerCase();
      const match = wanted.every((word) => text.includes(word));
      row.hidden = !match;
      if (match) shown += 1;
    }
    const total = table.tBodies[0].rows.length;
    status.textContent = wanted.length ? `${shown} of ${total} shown` : "";
  }

  // What the table lists, for its filter's label: the heading above it (a list by kind
  // has a table under each kind's heading), else the page's.
  function titleOf(box) {
    let node = box.previousElementSibling;
    while (node && !/^H[1-6]$/.test(node.tagName)) node = node.previousElementSibling;
    node = node || document.querySelector(".md-content h1");
    if (!node) return "the table";
    const copy = node.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((link) => link.remove());
    return copy.textContent.trim().toLocaleLowerCase();
  }

  function enhance(box) {
    const table = box.querySelector("table");
    if (!table || !table.tHead || !table.tBodies.length || box.dataset.enhanced) return;
    box.dataset.enhanced = "true";
    const count = table.tBodies[0].rows.length;
    if (count < SORTED_FROM) return;
    counter += 1;
    const id = `wiki-filter-${counter}`;
    const form = document.createElement("div");
    form.className = "wiki-filter";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = `Filter ${titleOf(box)}`;
    const input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.setAttribute("aria-describedby", `${id}-status`);
    const status = document.createElement("span");
    status.id = `${id}-status`;
    status.className = "wiki-filter__status";
    status.setAttribute("aria-live", "polite");
    input.addEventListener("input", () => filter(table, input.value, status));
    form.append(label, input, status);
    if (count >= FILTERED_FROM) box.insertBefore(form, box.firstChild);

    table.tHead.rows[0].querySelectorAll("th").forEach((th, column) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "wiki-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("scope", "col");
      button.addEventListener("click", () => {
        const next = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sortBy(table, column, next);
      });
    });
    // The generator lists the rows by name: say so.
    table.tHead.rows[0].cells[0].setAttribute("aria-sort", "ascending");
  }

  function enhanceAll() {
    document.querySelectorAll(".wiki-sortable").forEach(enhance);
  }
  enhanceAll();
  if (typeof document$ !== "undefined") document$.subscribe(enhanceAll);
})();
