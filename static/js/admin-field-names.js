// Names for the inputs Wagtail's admin builds in the browser without one: the rich
// text editor (Draftail, role="textbox") and the tag field's text input (jQuery UI's
// tagit). Each gets the name of its field, from the field's label, or for a
// StreamField block from the block's type ("Tekst"), so that screen readers say which
// field it is (WCAG 1.3.1, 4.1.2; axe: aria-input-field-name, label). The date
// picker's arrow buttons (xdsoft's, drawn as images) get names of their own (axe:
// button-name).
(function () {
  "use strict";

  var UNNAMED = [
    '[contenteditable="true"][role="textbox"]:not([aria-label]):not([aria-labelledby])',
    ".tagit input:not([aria-label]):not([aria-labelledby])",
  ].join(",");

  var PICKER_BUTTONS = [
    [".xdsoft_monthpicker > .xdsoft_prev", "Forrige måned"],
    [".xdsoft_monthpicker > .xdsoft_next", "Neste måned"],
    [".xdsoft_today_button", "I dag"],
    [".xdsoft_timepicker > .xdsoft_prev", "Tidligere klokkeslett"],
    [".xdsoft_timepicker > .xdsoft_next", "Senere klokkeslett"],
  ];

  function namePickerButtons(root) {
    PICKER_BUTTONS.forEach(function (pair) {
      var buttons = root.querySelectorAll(pair[0] + ":not([aria-label])");
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].setAttribute("aria-label", pair[1]);
      }
    });
  }

  function text(element) {
    return element ? element.textContent.replace(/\s*\*\s*$/, "").trim() : "";
  }

  // A field's label is "for" the input the editor hides and replaces, and sits
  // beside the field's wrapper.
  function fieldLabel(element) {
    var wrapper = element.closest("[data-field-wrapper]");
    if (!wrapper) {
      return null;
    }
    var inputs = wrapper.querySelectorAll("input[id], textarea[id], select[id]");
    for (var i = 0; i < inputs.length; i++) {
      var label = document.querySelector('label[for="' + CSS.escape(inputs[i].id) + '"]');
      if (text(label)) {
        return label;
      }
    }
    return null;
  }

  // A block straight in a StreamField has no label of its own, only its panel's
  // heading: the block type and a preview of its content.
  function blockType(element) {
    var panel = element.closest("[data-panel]");
    var header = panel && panel.querySelector(":scope > .w-panel__header");
    return text(header && header.querySelector(".c-sf-block__type"));
  }

  function name(root) {
    if (!root.querySelectorAll) {
      return;
    }
    namePickerButtons(root);
    var elements = Array.prototype.slice.call(root.querySelectorAll(UNNAMED));
    if (root.matches && root.matches(UNNAMED)) {
      elements.push(root);
    }
    elements.forEach(function (element) {
      var label = fieldLabel(element);
      if (label && label.id) {
        element.setAttribute("aria-labelledby", label.id);
      } else if (label || blockType(element)) {
        element.setAttribute("aria-label", label ? text(label) : blockType(element));
      }
    });
  }

  function start() {
    name(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(name);
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
