// Keep an unsent comment in this browser: what is typed into a comment, reply or
// edit form is saved as it is typed, and put back if the page is opened again after
// a crash, a closed tab or a failed send. A draft is cleared once the forum says it
// was posted, after a week, or when the reader signs out on this browser.
(function () {
  "use strict";
  var PREFIX = "forum-draft:";
  var WEEK = 7 * 24 * 60 * 60 * 1000;
  var store;
  try {
    store = window.localStorage;
    store.setItem(PREFIX + "probe", "1");
    store.removeItem(PREFIX + "probe");
  } catch (error) {
    return;
  }

  function read(key) {
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function forEachDraft(callback) {
    for (var i = store.length - 1; i >= 0; i -= 1) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) {
        callback(key, read(key));
      }
    }
  }

  var posted = document.querySelector("[data-comment-posted]") !== null;
  forEachDraft(function (key, draft) {
    var stale = !draft || Date.now() - draft.savedAt > WEEK;
    if (stale || (posted && draft.sentAt)) {
      store.removeItem(key);
    }
  });

  document.querySelectorAll("form[data-signs-out]").forEach(function (form) {
    form.addEventListener("submit", function () {
      forEachDraft(function (key) {
        store.removeItem(key);
      });
    });
  });

  document.querySelectorAll("form[data-keeps-draft]").forEach(function (form) {
    var body = form.querySelector("textarea[name=body]");
    var quote = form.querySelector("textarea[name=quote]");
    if (!body) {
      return;
    }
    var key = PREFIX + (form.getAttribute("action") || window.location.pathname);
    var draft = read(key);
    var untouched = body.value === body.defaultValue;
    if (draft && draft.body && untouched && draft.body !== body.defaultValue) {
      body.value = draft.body;
      if (quote && draft.quote && !quote.value) {
        quote.value = draft.quote;
      }
      var note = document.createElement("p");
      note.className = "small text-body-secondary draft-restored";
      note.setAttribute("role", "status");
      note.textContent = document.body.dataset.draftKept;
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "btn btn-link btn-sm p-0 align-baseline";
      discard.textContent = document.body.dataset.draftDiscard;
      discard.addEventListener("click", function () {
        store.removeItem(key);
        body.value = "";
        if (quote) {
          quote.value = "";
        }
        note.textContent = document.body.dataset.draftDiscarded;
        body.focus();
      });
      note.appendChild(discard);
      body.parentNode.insertBefore(note, body);
    }

    var timer = null;
    function save(sent) {
      if (!body.value.trim() || body.value === body.defaultValue) {
        store.removeItem(key);
        return;
      }
      try {
        store.setItem(
          key,
          JSON.stringify({
            body: body.value,
            quote: quote ? quote.value : "",
            savedAt: Date.now(),
            sentAt: sent ? Date.now() : null,
          })
        );
      } catch (error) {
        // Storage full or refused: the server still keeps what reaches it.
      }
    }
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        save(false);
      }, 400);
    });
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
      timer = null;
      save(true);
    });
    // A tab closed within the pause before saving still keeps the last words.
    window.addEventListener("pagehide", function () {
      if (timer !== null) {
        window.clearTimeout(timer);
        save(false);
      }
    });
  });
})();
