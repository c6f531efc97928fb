// Post editor: choosing an author's clinician profile fills in their empty
// name and credentials at once. The server fills them on save as well
// (blog/forms.py); this only shows the result sooner. A typed value is kept.
(function () {
  "use strict";

  var script = document.currentScript;
  var detailsUrl = script && script.dataset.authorFromProfileUrl;
  var PROFILE_FIELD = /^(authors-\d+-)profile_page$/;

  function fillIfEmpty(input, value) {
    if (!input || input.value.trim() || !value) {
      return;
    }
    input.value = value;
    // Lets Wagtail notice the edit (unsaved-changes warning, previews).
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    var match = input && input.name && PROFILE_FIELD.exec(input.name);
    if (!detailsUrl || !match || !input.value) {
      return;
    }
    var prefix = match[1];
    var url = detailsUrl + "?page=" + encodeURIComponent(input.value);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (details) {
        if (!details) {
          return;
        }
        fillIfEmpty(document.getElementById("id_" + prefix + "name"), details.name);
        fillIfEmpty(document.getElementById("id_" + prefix + "credentials"), details.credentials);
      })
      .catch(function () {
        // Nothing lost: the server still fills the fields on save.
      });
  });
})();
