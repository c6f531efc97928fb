// Post editor: choosing an author's clinician profile fills in their empty
// name and credentials at once. The server fills them on save as well
// (blog/forms.py); this only shows the result sooner. A typed value is kept;
// a value this script filled in follows when another profile is chosen.
(function () {
  "use strict";

  var script = document.currentScript;
  var detailsUrl = script && script.dataset.authorFromProfileUrl;
  var PROFILE_FIELD = /^(authors-\d+-)profile_page$/;

  // Fills the field unless the editor typed in it: empty, or holding what this
  // script filled in for the profile chosen before.
  function fillUnlessTyped(input, value) {
    if (!input) {
      return;
    }
    var current = input.value.trim();
    value = value || "";
    if ((current && current !== input.dataset.filledFromProfile) || current === value) {
      return;
    }
    input.value = value;
    input.dataset.filledFromProfile = value;
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
        fillUnlessTyped(document.getElementById("id_" + prefix + "name"), details.name);
        fillUnlessTyped(document.getElementById("id_" + prefix + "credentials"), details.credentials);
      })
      .catch(function () {
        // Nothing lost: the server still fills the fields on save.
      });
  });
})();
