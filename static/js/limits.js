// Every page: a text field with a limit (data-maxlength, see core/forms.py LimitedCharField)
// shows how much of it is used, live. Nothing is ever cut or blocked here: the field has no
// maxlength on purpose (a browser cuts a paste at it without a word). Past the limit the counter
// says by how much; the server refuses the text with the same numbers and keeps every character.
// The words come with the field (data-limit-used, data-limit-over), in the page's language.
(function () {
  "use strict";

  var root = document.documentElement;
  var numbers = new Intl.NumberFormat(root.lang || undefined);

  function words(field, name, fallback) {
    return field.getAttribute(name) || fallback;
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, key) {
      return key in values ? numbers.format(values[key]) : match;
    });
  }

  // As the server counts: code points (an emoji is one), a line break is one.
  function length(value) {
    // As the server counts: line breaks as one character, spaces at either end dropped.
    return Array.from(value.replace(/\r\n?/g, "\n").trim()).length;
  }

  function attach(field) {
    if (field.hasAttribute("data-limit-counter")) { return; }
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    if (!(limit > 0)) { return; }
    var counter = document.createElement("div");
    counter.className = "form-text text-end limit-counter";
    counter.id = (field.id || field.name) + "-counter";
    field.setAttribute("data-limit-counter", counter.id);
    var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.push(counter.id);
    field.setAttribute("aria-describedby", described.join(" "));
    field.insertAdjacentElement("afterend", counter);

    function update() {
      var used = length(field.value);
      var nowOver = used > limit;
      counter.textContent = nowOver
        ? fill(words(field, "data-limit-over", "%(over)s characters over the limit of %(limit)s"), { over: used - limit, limit: limit })
        : fill(words(field, "data-limit-used", "%(used)s of %(limit)s characters"), { used: used, limit: limit });
      counter.classList.toggle("text-danger", nowOver);
      counter.classList.toggle("fw-semibold", nowOver);
    }
    field.addEventListener("input", update);
    update();
  }

  function scan(scope) {
    (scope || document).querySelectorAll("[data-maxlength]").forEach(attach);
  }

  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  // Forms that htmx puts into the page get their counters too.
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();
