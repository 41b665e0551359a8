/* Appendix A: filter (text and verdict) and sort (click a header) the check list. No network. */
(function () {
  var table = document.getElementById("checks-table");
  if (!table) { return; }
  var input = document.getElementById("checks-filter");
  var select = document.getElementById("checks-verdict");
  var count = document.getElementById("checks-count");
  var body = table.tBodies[0];
  function apply() {
    var q = input.value.toLowerCase(), v = select.value, shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var ok = (!v || row.getAttribute("data-verdict") === v) &&
               (!q || row.textContent.toLowerCase().indexOf(q) >= 0);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = String(shown);
  }
  function key(row, i) {
    var text = row.cells[i].textContent.trim();
    var x = parseFloat(text.replace(/^[<>≤≥]/, ""));
    return isNaN(x) ? text.toLowerCase() : x;
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    th.tabIndex = 0;
    th.classList.add("sortable");
    function sort() {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, i), y = key(b, i);
        if (typeof x !== typeof y) { x = String(x); y = String(y); }
        return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
  });
  input.addEventListener("input", apply);
  select.addEventListener("change", apply);
}());
