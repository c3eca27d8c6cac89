// Material's search panel is a dialog without a name; screen readers announce it as
// "dialog" alone. Name it after its input's label. (Instant navigation keeps the header,
// but document$ fires on every page, so a swapped header is named too.)
function nameSearchDialog() {
  for (const dialog of document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])')) {
    const input = dialog.querySelector("input.md-search__input");
    dialog.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Search");
  }
}
nameSearchDialog();
if (typeof document$ !== "undefined") document$.subscribe(nameSearchDialog);

// A sidebar that scrolls must be reachable by keyboard even when none of its links is
// (Material hides the section links of the tabs' layout): make it focusable.
function focusScrollingSidebars() {
  for (const wrap of document.querySelectorAll(".md-sidebar__scrollwrap:not([tabindex])")) {
    if (wrap.scrollHeight > wrap.clientHeight) wrap.setAttribute("tabindex", "0");
  }
}
focusScrollingSidebars();
if (typeof document$ !== "undefined") document$.subscribe(focusScrollingSidebars);
