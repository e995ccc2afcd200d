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

// policysite: the home page's "Find your school" (policysite/pages/home.py). The box is
// made here, so a browser without JavaScript shows the plain full list and no box that
// does nothing. Typing hides the schools whose names don't hold every word typed, in any
// case and with or without accents ("zoe" finds "Zoë", "st marys" finds "St. Mary's"),
// and the groups left empty; a polite live region says how many schools match.
(function () {
  // Lower case, accents and apostrophes off, other punctuation and spaces one space.
  // (No \p{...} classes: a browser without them would refuse the whole of this file.)
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/['\u2018\u2019\u02bc]/g, "")
      .replace(/[\s!-\/:-@\[-`{-~\u00a0-\u00bf\u2010-\u206f]+/g, " ").trim();
  }

  function element(tag, attributes, text) {
    var made = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { made.setAttribute(name, attributes[name]); });
    if (text) { made.textContent = text; }
    return made;
  }

  function finder(list) {
    var schools = Array.prototype.map.call(list.querySelectorAll("li"), function (item) {
      var link = item.querySelector("a");
      return { item: item, name: fold(link ? link.textContent : item.textContent) };
    });
    var groups = list.querySelectorAll("section");
    var box = element("input", { id: "ps-find", type: "search", autocomplete: "off", spellcheck: "false" });
    var status = element("p", { role: "status", "aria-live": "polite", class: "ps-finder__status" });
    var all = element("button", { type: "button", class: "ps-finder__all" }, "see all schools");
    var form = element("div", { class: "ps-finder" });
    form.append(element("label", { for: "ps-find" }, "Find your school"), box, status);
    list.before(form);

    function show() {
      var words = fold(box.value).split(" ").filter(Boolean);
      var shown = 0;
      schools.forEach(function (school) {
        var match = words.every(function (word) { return school.name.indexOf(word) !== -1; });
        school.item.hidden = !match;
        shown += match ? 1 : 0;
      });
      groups.forEach(function (group) { group.hidden = !group.querySelector("li:not([hidden])"); });
      if (!words.length) {
        status.textContent = "";
      } else if (shown) {
        status.textContent = shown === 1 ? "1 school matches" : shown + " schools match";
      } else {
        status.textContent = "No school matches \u201c" + box.value.trim() + "\u201d \u2014 check the spelling, or ";
        status.append(all);
      }
    }

    box.addEventListener("input", show);
    all.addEventListener("click", function () {
      box.value = "";
      show();
      box.focus();
    });
  }

  document$.subscribe(function () {
    var list = document.querySelector(".ps-schools");
    if (list && !document.getElementById("ps-find")) {
      finder(list);
    }
  });
})();
