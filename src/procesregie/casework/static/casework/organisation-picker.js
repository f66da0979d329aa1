/* A searchable picker over a list of checkboxes (casework/_organisation_picker.html): progressive enhancement.
   Without this script the checkboxes work as they are. Loaded as a static file: the Content-Security-Policy allows
   no inline script. */
(function () {
  "use strict";

  function normalise(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(picker) {
    var search = picker.querySelector("[data-picker-search]");
    var input = search.querySelector("input");
    var status = picker.querySelector("[data-picker-status]");
    var chosen = picker.querySelector("[data-picker-chosen]");
    var options = Array.prototype.slice.call(picker.querySelectorAll("[data-picker-option]"));

    function visible() {
      return options.filter(function (option) { return !option.hidden; });
    }

    function update() {
      var query = normalise(input.value.trim());
      var names = [];
      var matches = 0;  // the chosen ones stay in view, but are not counted as found
      options.forEach(function (option) {
        var box = option.querySelector("input");
        var label = option.textContent.trim();
        var match = !query || normalise(label).indexOf(query) !== -1;
        option.hidden = !(box.checked || match);
        if (match) {
          matches += 1;
        }
        if (box.checked) {
          names.push(label);
        }
      });
      status.textContent = query
        ? (matches === 1 ? picker.dataset.foundOne : picker.dataset.foundMany).replace("{count}", String(matches))
        : "";
      chosen.textContent = names.length
        ? picker.dataset.chosen.replace("{names}", names.join(", "))
        : picker.dataset.noneChosen;
    }

    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {  // not the form's submit: go to the first match
        event.preventDefault();
        var query = normalise(input.value.trim());
        var first = visible().filter(function (option) {
          return !query || normalise(option.textContent.trim()).indexOf(query) !== -1;
        })[0];
        if (first) {
          first.querySelector("input").focus();
        }
      }
    });
    picker.addEventListener("change", update);
    search.hidden = false;
    chosen.hidden = false;
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-organisation-picker]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
