// Recommend a comment without leaving the page: the form is sent in the background
// and the button and count change in place. Without JavaScript, or when the answer
// is not the JSON this expects (signed out meanwhile, too many tries), the form is
// sent the ordinary way and the server's page explains.
(function () {
  "use strict";

  function update(form, answer) {
    var button = form.querySelector("button");
    var choice = form.querySelector('input[name="recommend"]');
    var count = form.querySelector(".recommend-count");
    button.setAttribute("aria-pressed", answer.recommended ? "true" : "false");
    choice.value = answer.recommended ? "no" : "yes";
    count.textContent = answer.count_text;
  }

  function refuse(form, message) {
    var count = form.querySelector(".recommend-count");
    count.textContent = message;
    count.classList.add("text-danger");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("recommend") || !window.fetch) {
      return;
    }
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") {
      return;
    }
    form.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") !== 0) {
          throw new Error("not an answer for this script");
        }
        return response.json().then(function (answer) {
          form.querySelector(".recommend-count").classList.remove("text-danger");
          if (answer.error) {
            refuse(form, answer.error);
          } else {
            update(form, answer);
          }
        });
      })
      .catch(function () {
        form.submit();
      })
      .finally(function () {
        form.removeAttribute("aria-busy");
      });
  });
})();
