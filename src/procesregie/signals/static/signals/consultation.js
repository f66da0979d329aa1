/* The consultation form (signals/consultation.html): a consultation is about a person or about nobody, so for an
   approach for systems (its option's data-unit) the person's fields are hidden and a note says why. Fields that already
   hold something stay in view (the server then says what to do). Progressive enhancement: without this script the
   server renders the same state for the approach chosen. Loaded as a static file: the CSP allows no inline script. */
(function () {
  "use strict";

  function enhance(form) {
    var select = form.querySelector("[data-approach-select]");
    var section = form.querySelector("[data-person-section]");
    var note = form.querySelector("[data-system-note]");
    if (!select || !section || !note) {
      return;
    }
    var fields = Array.prototype.slice.call(section.querySelectorAll("input"));

    function update() {
      var option = select.options[select.selectedIndex];
      var forSystems = Boolean(option) && option.getAttribute("data-unit") === "system";
      var typed = fields.some(function (field) { return field.value.trim() !== ""; });
      note.hidden = !forSystems;
      section.hidden = forSystems && !typed;
    }

    select.addEventListener("change", update);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form"), enhance);
  });
}());
