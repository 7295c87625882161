(function () {
  "use strict";
  var table = document.getElementById("grid");
  if (!table) { return; }
  var body = table.tBodies[0];
  var search = document.getElementById("grid-search");
  var typeSelect = document.getElementById("grid-type");
  var count = document.getElementById("grid-count");
  var headers = table.tHead.rows[0].cells;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u0111\u0110]/g, "d").toLowerCase().trim();
  }

  function filter() {
    var query = fold(search.value);
    var type = typeSelect.value;
    var shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var visible = (query === "" || row.getAttribute("data-filter").indexOf(query) !== -1) &&
        (type === "" || row.getAttribute("data-type") === type);
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    count.textContent = String(shown);
  }

  function sortBy(index, descending) {
    var numeric = headers[index].getAttribute("data-kind") === "number";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute("data-sort") || "";
      var y = b.cells[index].getAttribute("data-sort") || "";
      if (x === "" || y === "") { return (x === "") - (y === ""); }
      var order = numeric ? parseFloat(x) - parseFloat(y) : (x < y ? -1 : (x > y ? 1 : 0));
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(headers, function (cell, i) {
      if (i === index) {
        cell.setAttribute("aria-sort", descending ? "descending" : "ascending");
      } else {
        cell.removeAttribute("aria-sort");
      }
    });
  }

  // The view in the address, so it can be bookmarked and shared.
  var sorted = null;
  function remember() {
    var state = new URLSearchParams();
    if (search.value) { state.set("q", search.value); }
    if (typeSelect.value) { state.set("type", typeSelect.value); }
    if (sorted) {
      state.set("sort", String(sorted.index));
      if (sorted.descending) { state.set("desc", "1"); }
    }
    var hash = state.toString();
    history.replaceState(null, "", hash ? "#" + hash : window.location.pathname);
  }

  Array.prototype.forEach.call(headers, function (cell, index) {
    var button = cell.querySelector("button.sort");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var descending = cell.getAttribute("aria-sort") === "ascending";
      sortBy(index, descending);
      sorted = {index: index, descending: descending};
      remember();
    });
  });
  search.addEventListener("input", function () { filter(); remember(); });
  typeSelect.addEventListener("change", function () { filter(); remember(); });

  // State in the address: index.html#q=dong&type=quận&sort=3&desc=1
  var state = new URLSearchParams(window.location.hash.slice(1));
  if (state.has("q")) { search.value = state.get("q"); }
  if (state.has("type")) { typeSelect.value = state.get("type"); }
  var column = parseInt(state.get("sort"), 10);  // a column the grid has, or none
  if (column >= 0 && column < headers.length && headers[column].querySelector("button.sort")) {
    sorted = {index: column, descending: state.get("desc") === "1"};
    sortBy(sorted.index, sorted.descending);
  }
  filter();
}());
