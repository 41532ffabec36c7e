// Every page: a POST form that is on its way cannot be sent again. Its submit buttons are
// disabled until the answer comes (a new page, or htmx's swap), so a double-click or a second
// Enter sends one request; the server would make one row anyway (core/once.py). They come back
// when htmx reports an error or the page is shown again from the back-forward cache. GET forms
// (search, filters) are left alone: sending them twice is harmless.
(function () {
  "use strict";

  var BUSY = "data-submitting";
  var DISABLED = "data-disabled-while-submitting";

  function isPost(form) {
    return form instanceof HTMLFormElement && (form.getAttribute("method") || "").toLowerCase() === "post";
  }

  function submitButtons(form) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return (element.type === "submit" || element.type === "image") && !element.disabled;
    });
  }

  function busy(form, submitter) {
    form.setAttribute(BUSY, "");
    form.setAttribute("aria-busy", "true");
    // A disabled button sends nothing: the pressed one's name and value ("add a party") go
    // along as a hidden field instead.
    if (submitter && submitter.name) {
      var standIn = document.createElement("input");
      standIn.type = "hidden";
      standIn.name = submitter.name;
      standIn.value = submitter.value;
      standIn.setAttribute(DISABLED, "");
      form.appendChild(standIn);
    }
    submitButtons(form).forEach(function (button) {
      button.disabled = true;
      button.setAttribute(DISABLED, "");
    });
  }

  function ready(form) {
    form.removeAttribute(BUSY);
    form.removeAttribute("aria-busy");
    form.querySelectorAll("[" + DISABLED + "]").forEach(function (element) {
      if (element.type === "hidden") { element.remove(); return; }
      element.disabled = false;
      element.removeAttribute(DISABLED);
    });
  }

  // Capture: before htmx (or anything on the form) sees a second submit, stop it.
  document.addEventListener("submit", function (event) {
    if (isPost(event.target) && event.target.hasAttribute(BUSY)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Bubble: a plain form really leaves (htmx has cancelled the browser's submit of its forms).
  document.addEventListener("submit", function (event) {
    if (isPost(event.target) && !event.defaultPrevented) { busy(event.target, event.submitter); }
  });

  // htmx has read the form's values by now (the pressed button's too).
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (isPost(event.target)) { busy(event.target, null); }
  });

  ["htmx:afterRequest", "htmx:sendError", "htmx:responseError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      if (isPost(event.target)) { ready(event.target); }
    });
  });

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { document.querySelectorAll("form[" + BUSY + "]").forEach(ready); }
  });
})();
