// Count what is left of a text field's limit as the reader types: shown under
// every textarea with a maxlength, and said to screen readers only as the end
// nears (100, 20 and 0 characters left), not at every key.
(function () {
  "use strict";
  var ANNOUNCED_AT = [100, 20, 0];

  function length(text) {
    // What the forum counts: characters, a line break as one.
    return Array.from(text.replace(/\r\n/g, "\n")).length;
  }

  // The words come from the page, in its language (base.html): one form for 1,
  // one for any other count, whose figure the count here replaces.
  var page = document.body.dataset;
  var language = document.documentElement.lang || "en";

  function words(left) {
    var phrase = left === 1 ? page.charactersLeftOne : page.charactersLeftOther;
    return phrase.replace(/[0-9]+/, left.toLocaleString(language));
  }

  document.querySelectorAll("textarea[maxlength]").forEach(function (field) {
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    var shown = document.createElement("p");
    shown.className = "form-text char-count mb-0";
    shown.setAttribute("aria-hidden", "true");
    var said = document.createElement("p");
    said.className = "visually-hidden";
    said.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", said);
    field.insertAdjacentElement("afterend", shown);
    var lastSaid = null;

    function update() {
      var left = Math.max(0, limit - length(field.value));
      shown.textContent = words(left);
      shown.classList.toggle("text-danger", left <= 20);
      var threshold = ANNOUNCED_AT.filter(function (at) { return left <= at; }).pop();
      if (threshold !== undefined && threshold !== lastSaid) {
        said.textContent = words(left);
      }
      lastSaid = threshold === undefined ? null : threshold;
    }

    field.addEventListener("input", update);
    update();
  });
})();
