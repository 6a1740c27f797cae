// Quote part of the comment being answered: select words in it, press the button,
// and they land in the reply's quote field. Without JavaScript the reader copies them.
(function () {
  "use strict";
  var button = document.getElementById("quote-selection");
  var source = document.getElementById("replied-to");
  var field = document.getElementById("id_quote");
  if (!button || !source || !field) {
    return;
  }
  button.closest(".js-only").hidden = false;
  button.addEventListener("click", function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed) {
      field.focus();
      return;
    }
    var range = selection.getRangeAt(0);
    if (!source.contains(range.commonAncestorContainer)) {
      return;
    }
    field.value = selection.toString().trim();
    field.focus();
  });
})();
