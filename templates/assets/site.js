// policysite: mkdocs-material wraps each table in a scrolling box. A box that scrolls
// must be reachable by keyboard (WCAG 2.1.1), so give wide ones a tab stop and a name.
document$.subscribe(function () {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Table (scroll sideways to see all of it)");
    }
  });
});

// The letter's and the code's print button. A listener here, not an onclick attribute:
// no page of the site carries an event handler in its HTML (a test checks every page).
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-ps-print]")) {
    window.print();
  }
});
