/* Progressive enhancement for the public pages. Everything works without this file. */
(function () {
  "use strict";
  // Move focus to the error summary so screen readers read it first.
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) { summary.focus(); }

  // "Nog een kind toevoegen": show the next child block in place instead of posting the form.
  var addChild = document.getElementById("kind-toevoegen");
  var shown = document.getElementById("id_children_shown");
  if (addChild) {
    addChild.addEventListener("click", function (event) {
      var next = document.querySelector("fieldset.child[hidden]");
      if (!next) { return; }
      event.preventDefault();
      next.hidden = false;
      if (shown) { shown.value = document.querySelectorAll("fieldset.child:not([hidden])").length; }
      if (!document.querySelector("fieldset.child[hidden]")) { addChild.hidden = true; }
      var first = next.querySelector("input");
      if (first) { first.focus(); }
    });
  }

  // The way of contact decides which contact field is needed: show only that one.
  var contactFields = { email: "veld-submitter_email", phone: "veld-submitter_phone" };
  var choices = document.querySelectorAll("input[name=contact_preference]");
  function showContactField() {
    var chosen = document.querySelector("input[name=contact_preference]:checked");
    if (!chosen) { return; }
    Object.keys(contactFields).forEach(function (way) {
      var field = document.getElementById(contactFields[way]);
      // A field with an error or text in it stays visible, so nothing typed disappears.
      var keep = field && (field.classList.contains("field-error") || field.querySelector("input").value);
      if (field) { field.hidden = way !== chosen.value && !keep; }
    });
  }
  choices.forEach(function (radio) { radio.addEventListener("change", showContactField); });
  showContactField();

  // The file field: list the chosen files with their size and a button to remove each one.
  var input = document.getElementById("id_attachments");
  var list = document.getElementById("gekozen-bestanden");
  if (input && list && window.DataTransfer) {
    var chosen = new DataTransfer();
    var removeWord = list.getAttribute("data-remove") || "Verwijderen";
    function size(bytes) {
      if (bytes < 1024 * 1024) { return Math.max(1, Math.round(bytes / 1024)) + " kB"; }
      return (bytes / (1024 * 1024)).toFixed(1).replace(".", ",") + " MB";
    }
    function render() {
      list.innerHTML = "";
      Array.prototype.forEach.call(chosen.files, function (file, index) {
        var item = document.createElement("li");
        var text = document.createElement("span");
        text.textContent = file.name + " (" + size(file.size) + ")";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button-secondary button-small";
        button.textContent = removeWord;
        var hiddenName = document.createElement("span");
        hiddenName.className = "visually-hidden";
        hiddenName.textContent = " " + file.name;
        button.appendChild(hiddenName);
        button.addEventListener("click", function () {
          var rest = new DataTransfer();
          Array.prototype.forEach.call(chosen.files, function (f, i) { if (i !== index) { rest.items.add(f); } });
          chosen = rest;
          input.files = chosen.files;
          render();
          input.focus();
        });
        item.appendChild(text);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(button);
        list.appendChild(item);
      });
      list.hidden = chosen.files.length === 0;
    }
    input.addEventListener("change", function () {
      // A second choice adds to the first instead of replacing it.
      Array.prototype.forEach.call(input.files, function (file) {
        var known = Array.prototype.some.call(chosen.files, function (f) {
          return f.name === file.name && f.size === file.size;
        });
        if (!known) { chosen.items.add(file); }
      });
      input.files = chosen.files;
      render();
    });
  }
})();
