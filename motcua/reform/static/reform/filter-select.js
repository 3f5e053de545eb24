/* Search box over long lists (units, PAR INDEX criteria): typing a code or a few words, with or without
   accents, hides the options that do not match. Without JavaScript the plain list still works. */
(function () {
  "use strict";
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("select[data-filter]").forEach(function (select) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "filter-select";
    input.placeholder = select.closest("form").dataset.searchPlaceholder || "";
    input.setAttribute("aria-label", input.placeholder + " — " + (select.labels[0] ? select.labels[0].textContent : ""));
    input.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(input, select);
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var firstShown = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var text = fold(option.textContent);
        var match = option.selected || words.every(function (w) { return text.indexOf(w) !== -1; });
        option.hidden = !match;
        if (match && !option.selected && firstShown === null && option.value) { firstShown = option; }
      });
      if (!select.multiple && firstShown && words.length) { select.value = firstShown.value; }
    });
  });
  document.querySelectorAll("[data-deadline-kind]").forEach(function (form) {
    function sync() {
      var checked = form.querySelector("input[name=deadline_kind]:checked");
      var kind = checked ? checked.value : "date";
      form.querySelectorAll("[data-deadline]").forEach(function (box) { box.hidden = box.dataset.deadline !== kind; });
    }
    form.addEventListener("change", sync);
    sync();
  });
})();
