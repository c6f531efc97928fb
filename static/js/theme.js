/* The light/dark theme toggle. Loaded in <head>, before the page is drawn, so a visitor
   who chose a theme never sees the other one flash. The choice is the only thing this
   site keeps in the browser's local storage (the privacy policy says so); without it, or
   without JavaScript, the system setting (prefers-color-scheme) rules. The HTML is the
   same for every visitor: the toggle buttons are in it, hidden, and shown here. */
(function () {
  "use strict";
  var KEY = "theme";
  var root = document.documentElement;

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === "light" || value === "dark" ? value : null;
    } catch (error) {
      return null; // Storage blocked: follow the system setting.
    }
  }

  function store(theme) {
    try {
      window.localStorage.setItem(KEY, theme);
    } catch (error) {
      // Storage blocked: the choice lasts for this page only.
    }
  }

  function current() {
    return root.dataset.theme ||
      (window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
  }

  var choice = stored();
  if (choice) {
    root.dataset.theme = choice;
  }

  function showState(buttons) {
    var dark = current() === "dark";
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", dark ? "true" : "false");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = Array.prototype.slice.call(document.querySelectorAll(".theme-toggle"));
    buttons.forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var theme = current() === "dark" ? "light" : "dark";
        root.dataset.theme = theme;
        store(theme);
        showState(buttons);
      });
    });
    showState(buttons);
  });
})();
