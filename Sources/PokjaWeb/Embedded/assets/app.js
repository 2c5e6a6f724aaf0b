// Results as you type on the directory page; without JavaScript the form still works.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var results = document.getElementById("results");
  if (form && results) {
    var timer = null;
    var latest = 0;
    var search = function () {
      var query = new URLSearchParams(new FormData(form)).toString();
      var ticket = ++latest;
      fetch("/directory/results?" + query, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          // An answer to an older query never replaces a newer one's.
          if (html === null || ticket !== latest) return;
          results.innerHTML = html;
          history.replaceState(null, "", "/directory?" + query);
        })
        .catch(function () {});
    };
    var schedule = function () {
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    };
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
  }
  // A feed's address is selected whole when its box is focused, ready to copy.
  var boxes = document.querySelectorAll("input.feed-url");
  for (var i = 0; i < boxes.length; i++) {
    boxes[i].addEventListener("focus", function (event) { event.target.select(); });
  }
})();
