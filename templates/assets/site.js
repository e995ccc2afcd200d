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
