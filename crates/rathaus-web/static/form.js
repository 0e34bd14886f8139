// Progressive enhancement for application forms: questions whose condition does not
// hold are hidden (the server ignores their answers anyway), and a submit button can
// be pressed only once. Without this script every question is shown.
(function () {
  "use strict";
  var form = document.querySelector("form[data-application-form]");
  if (!form) { return; }

  // The current answer of a field as the server would read it.
  function answer(name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    var values = [];
    inputs.forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) { return; }
      if (input.type === "hidden" && inputs.length > 1) { return; }
      values.push(input.value);
    });
    if (values.length === 0) { return null; }
    var single = values.length === 1 ? values[0] : values;
    if (single === "ja") { return true; }
    if (single === "nein") { return false; }
    return single;
  }

  function holds(condition, prefix) {
    if (condition.equals) {
      var value = answer(prefix + condition.equals.field);
      if (Array.isArray(value)) { return value.indexOf(condition.equals.value) >= 0; }
      return value === condition.equals.value;
    }
    if (condition.answered) {
      var given = answer(prefix + condition.answered.field);
      return given !== null && given !== "";
    }
    if (condition.not) { return !holds(condition.not, prefix); }
    if (condition.all) { return condition.all.every(function (c) { return holds(c, prefix); }); }
    if (condition.any) { return condition.any.some(function (c) { return holds(c, prefix); }); }
    return true;
  }

  var conditional = form.querySelectorAll("[data-show-if]");
  function update() {
    conditional.forEach(function (wrapper) {
      var condition;
      try { condition = JSON.parse(wrapper.getAttribute("data-show-if")); } catch (e) { return; }
      wrapper.hidden = !holds(condition, wrapper.getAttribute("data-prefix") || "");
    });
  }
  if (conditional.length > 0) {
    form.addEventListener("change", update);
    update();
  }

  form.addEventListener("submit", function (event) {
    if (form.getAttribute("data-submitting") === "yes") {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-submitting", "yes");
  });
})();
