// policysite: mkdocs-material's search worker, made to find word forms.
//
// mkdocs.yml's search pipeline stems every word of the index ("worried", "worry" and
// "worries" are all "worri"). But mkdocs-material searches each typed word as the start of
// a word ("worried*"), and lunr looks such a word up without stemming it, so a whole word
// whose stem is shorter ("worried") finds nothing. This worker runs mkdocs-material's own
// (named after the "?" in its address: templates/mkdocs/main.html points mkdocs-material
// here) and changes two of its messages:
// - a query gets each plain word again, stemmed and whole ("worried" -> "worried worried^1");
// - a result counts a typed word as found where the result has a word of the same stem,
//   so it is not shown as "Missing".
(function () {
  var QUERY = 2, RESULT = 3; // mkdocs-material 9's message types (search/worker/message)
  var listen = self.addEventListener.bind(self);
  var send = self.postMessage.bind(self);
  var PLAIN_WORD = /^[^"*+\-:^~]{3,}$/; // no lunr syntax: leave "+must", "-not", "title:x", "x~1" alone

  function stem(word) {
    return self.lunr.stemmer(new self.lunr.Token(word.toLowerCase())).toString();
  }

  function withStems(query) {
    if (query.indexOf('"') !== -1) {
      return query; // a quoted phrase is searched as the reader wrote it
    }
    var words = query.trim().split(/\s+/);
    var stemmed = words.filter(function (word) { return PLAIN_WORD.test(word); });
    return words.concat(stemmed.map(function (word) { return word + "^1"; })).join(" ");
  }

  function markFound(item) {
    var terms = item.terms || {};
    var missing = Object.keys(terms).filter(function (term) { return !terms[term]; });
    if (!missing.length) {
      return;
    }
    var stems = {};
    var words = ((item.title || "") + " " + (item.text || "")).replace(/<[^>]*>/g, " ").split(/[^\w\u00c0-\uffff]+/);
    words.forEach(function (word) { if (word) { stems[stem(word)] = true; } });
    missing.forEach(function (term) { terms[term] = stems[stem(term)] === true; });
  }

  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && message.data.items) {
      message.data.items.forEach(function (group) { group.forEach(markFound); });
    }
    send(message);
  };

  self.addEventListener = function (type, listener, options) {
    if (type !== "message") {
      return listen(type, listener, options);
    }
    return listen(type, function (event) {
      var data = event.data;
      if (data && data.type === QUERY && typeof data.data === "string") {
        data = { type: QUERY, data: withStems(data.data) };
      }
      return listener({ data: data });
    }, options);
  };

  importScripts(decodeURIComponent(self.location.search.slice(1)));
})();
