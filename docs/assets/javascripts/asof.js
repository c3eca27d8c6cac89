// "As of a date" (wiki/as-of.html): the form and its answers, from the data file that
// the page links (wiki/as-of-data.js, written by generator/asof.py). The data is loaded
// as a script, which works from disk (file://) where a fetch of JSON would not. Every
// name and word from the data reaches the page as text (textContent), never as markup.
//
// Each row of the data: [other id, status, earliest start, latest start, earliest end,
// latest end, period in words, doubt]; status and doubt are numbers of data.words, a
// latest start or end of 0 is the same as the earliest. Dates are ISO strings, "" before
// every date and "~" after every one; an end is the first day it no longer held. A day between the
// latest start and the earliest end is certain; one between the earliest start and the
// latest end only possible, and said to be.
(function () {
  "use strict";
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
                  "August", "September", "October", "November", "December"];
  let loading = null;
  let answerFragment = null;  // the page's form, answering a new fragment

  function loadData(url) {
    if (window.WIKI_ASOF) return Promise.resolve(window.WIKI_ASOF);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        const script = document.createElement("script");
        script.src = url;
        script.onload = function () { resolve(window.WIKI_ASOF); };
        script.onerror = function () { loading = null; reject(new Error(url)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function human(iso) {
    const [year, month, day] = iso.split("-").map(Number);
    return day + " " + MONTHS[month - 1] + " " + year;
  }

  // 2 when the row surely held at some time in [low, high], 1 when it may have, else 0.
  function holds(row, low, high) {
    const [, , a, latestStart, c, latestEnd, , doubt] = row;
    const b = latestStart === 0 ? a : latestStart;
    const e = latestEnd === 0 ? c : latestEnd;
    if (!(a <= high && (a > low ? a : low) < e)) return 0;
    return !doubt && b <= high && (b > low ? b : low) < c ? 2 : 1;
  }

  // Query (?for=) and fragment (#date=…&year=…&for=…): the fragment wins.
  function wanted() {
    const found = new URLSearchParams(location.search);
    for (const [key, value] of new URLSearchParams(location.hash.slice(1))) found.set(key, value);
    return found;
  }

  function today() {
    const now = new Date();
    return [now.getFullYear(), now.getMonth() + 1, now.getDate()]
      .map(function (n, i) { return String(n).padStart(i ? 2 : 4, "0"); }).join("-");
  }

  function setup() {
    const root = document.getElementById("wiki-asof");
    if (!root || root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "1");
    const link = root.querySelector("a[href]");
    const dataUrl = link ? link.href : new URL("as-of-data.js", location.href).href;
    const notice = element("p", "Loading the data…");
    root.replaceChildren(notice);
    loadData(dataUrl).then(function (data) { build(root, data, dataUrl); }, function () {
      notice.textContent = "The data could not be loaded: open this page from the wiki's " +
        "folder, with its file as-of-data.js beside it.";
    });
  }

  function build(root, data, dataUrl) {
    const params = wanted();
    const form = element("form", "", "wiki-asof__form");
    form.setAttribute("aria-label", "Choose a day or a year");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    const dayLabel = element("label", "Day");
    dayLabel.htmlFor = "wiki-asof-day";
    const dayInput = element("input");
    Object.assign(dayInput, {type: "date", id: "wiki-asof-day", min: "1800-01-01",
                             max: "2199-12-31"});
    const yearLabel = element("label", "or a whole year");
    yearLabel.htmlFor = "wiki-asof-year";
    const yearInput = element("input");
    Object.assign(yearInput, {type: "number", id: "wiki-asof-year", min: 1800, max: 2199,
                              step: 1, inputMode: "numeric"});
    for (const [label, input] of [[dayLabel, dayInput], [yearLabel, yearInput]]) {
      const field = element("span", "", "wiki-asof__field");
      field.append(label, input);
      form.append(field);
    }
    let only = params.get("for") || "";
    const filter = element("p", "", "wiki-asof__filter");
    const summary = element("p", "", "wiki-asof__summary");
    summary.setAttribute("aria-live", "polite");
    const results = element("div", "", "wiki-asof__results");
    root.replaceChildren(form, filter, summary, results);

    function apply(params) {
      const year = params.get("year") || "";
      const day = params.get("date") || "";
      yearInput.value = /^\d{4}$/.test(year) ? year : "";
      dayInput.value = yearInput.value ? "" : /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : today();
      only = params.get("for") || "";
    }
    apply(params);
    // A fragment typed or followed later (the page is not loaded again).
    answerFragment = function () { if (root.isConnected) { apply(wanted()); update(); } };

    function href(id) {
      const [, type] = data.names[id];
      return new URL(data.root + encodeURIComponent(type) + "/" + encodeURIComponent(id) +
                     ".html", dataUrl).href;
    }

    function linkTo(id) {
      const anchor = element("a", data.names[id][0]);
      anchor.href = href(id);
      return anchor;
    }

    function remember() {
      const parts = [];
      if (yearInput.value) parts.push("year=" + yearInput.value);
      else if (dayInput.value) parts.push("date=" + dayInput.value);
      if (only) parts.push("for=" + encodeURIComponent(only));
      try {
        history.replaceState(history.state, "", "#" + parts.join("&"));
      } catch (error) { /* some browsers refuse it from disk: the page works without */ }
    }

    function showFilter() {
      filter.replaceChildren();
      if (!only) return;
      if (!data.names[only]) {
        filter.append("No relation of “" + only + "” is recorded with dates. ");
      } else {
        filter.append("Only the relations of ", linkTo(only), ". ");
      }
      const all = element("button", "Show every entity", "md-button");
      all.type = "button";
      all.addEventListener("click", function () { only = ""; update(); });
      filter.append(all);
    }

    function update() {
      let low, high, when;
      if (/^\d{4}$/.test(yearInput.value)) {
        low = yearInput.value + "-01-01";
        high = yearInput.value + "-12-31";
        when = "In " + yearInput.value;
      } else if (/^\d{4}-\d{2}-\d{2}$/.test(dayInput.value)) {
        low = high = dayInput.value;
        when = "On " + human(dayInput.value);
      } else {
        summary.textContent = "Choose a day or a year.";
        results.replaceChildren();
        return;
      }
      const span = low === high ? "on this day" : "in this year";
      showFilter();
      remember();
      const counts = [];
      const sections = [];
      for (const section of data.sections) {
        const heading = element("h2", section.title);
        const blocks = [];
        for (const [id, single, owner, rows] of section.entities) {
          const whole = !only || id === only || owner === only;
          let found = [];
          for (const row of rows) {
            if (!whole && row[0] !== only) continue;
            const sure = holds(row, low, high);
            if (sure) found.push([row, sure]);
          }
          // One seat, someone surely in it on the day: nobody else was.
          if (single && low === high && found.some(function (f) { return f[1] === 2; })) {
            found = found.filter(function (f) { return f[1] === 2; });
          }
          if (!found.length) continue;
          const title = element("h3");
          title.append(linkTo(id));
          const list = element("ul", "", "wiki-asof__rows");
          for (const [row, sure] of found) {
            const item = element("li");
            item.append(linkTo(row[0]));
            if (row[1]) item.append(" (" + data.words[row[1]] + ")");
            item.append(": " + row[6]);
            if (sure === 1) {
              item.className = "wiki-asof__uncertain";
              item.append(" ", element("strong", "Not certain " + span),
                          (row[7] ? ": " + data.words[row[7]] : "") + ".");
            }
            list.append(item);
          }
          blocks.push(title, list);
        }
        counts.push(section.title + ": " + blocks.length / 2);
        sections.push(heading);
        if (blocks.length) sections.push(...blocks);
        else sections.push(element("p", "None recorded " + span + "."));
      }
      summary.textContent = when + ": " + counts.join(", ") + ".";
      results.replaceChildren(...sections);
    }

    dayInput.addEventListener("change", function () {
      if (dayInput.value) yearInput.value = "";
      update();
    });
    yearInput.addEventListener("input", function () {
      if (/^\d{4}$/.test(yearInput.value)) { dayInput.value = ""; update(); }
    });
    update();
  }

  setup();
  window.addEventListener("hashchange", function () { if (answerFragment) answerFragment(); });
  if (typeof document$ !== "undefined") document$.subscribe(setup);
})();
