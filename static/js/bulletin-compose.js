// Progressive enhancement of the staff bulletin page; without it every form works as it is.
// - the firm search boxes suggest directory names as staff type (from /api/v1/members);
// - a data report's figures table gains an "add a row" button (the page already has three blank rows).
// A file, not an inline script: the Content-Security-Policy allows scripts from this site only.
(function () {
  "use strict";
  var list = document.getElementById("firm-suggestions");
  var timer = null;
  function suggest(input) {
    var words = input.value.trim();
    if (!list || words.length < 1) { return; }
    fetch("/api/v1/members?per_page=10&q=" + encodeURIComponent(words), {headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {items: []}; })
      .then(function (page) {
        list.replaceChildren.apply(list, (page.items || []).map(function (firm) {
          var option = document.createElement("option");
          option.value = firm.name;
          return option;
        }));
      })
      .catch(function () { /* suggestions are a convenience: the form still searches on submit */ });
  }
  document.querySelectorAll("[data-firm-search]").forEach(function (input) {
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { suggest(input); }, 250);
    });
  });

  document.querySelectorAll("[data-figure-rows]").forEach(function (body) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-secondary ms-2";
    button.textContent = document.documentElement.lang === "en" ? "Add a row" : "添加一行";
    button.addEventListener("click", function () {
      var rows = body.querySelectorAll("tr");
      var last = rows[rows.length - 1];
      if (!last) { return; }
      var row = last.cloneNode(true);
      var next = rows.length;
      row.querySelectorAll("input").forEach(function (input) {
        input.name = input.name.replace(/-rows-\d+-/, "-rows-" + next + "-");
        input.id = input.id.replace(/-rows-\d+-/, "-rows-" + next + "-");
        input.setAttribute("aria-label", input.getAttribute("aria-label").replace(/\d+$/, String(next + 1)));
        if (input.type === "checkbox") { input.checked = false; } else { input.value = ""; }
        input.classList.remove("is-invalid");
      });
      row.querySelectorAll(".invalid-feedback").forEach(function (note) { note.remove(); });
      body.appendChild(row);
      row.querySelector("input").focus();
    });
    body.closest("form").querySelector("[type=submit]").after(button);
  });
})();
