// Charts of the period report, drawn with Chart.js from the tables beside
// them: every <canvas data-chart-table="ID"> shows the table with that id
// (its header row names the series, each body row is one label), so a
// chart never shows a figure its table does not hold. No inline script:
// this file is loaded with the page's nonce. Without JavaScript the tables
// remain.
(function () {
  "use strict";

  var COLOURS = ["#0d6efd", "#6c757d", "#198754", "#d63384", "#fd7e14", "#20c997"];

  function number(text) {
    var value = parseFloat(String(text).replace(/[^0-9,.-]/g, "").replace(/\./g, "").replace(",", "."));
    return isNaN(value) ? 0 : value;
  }

  function fromTable(table) {
    var headers = Array.prototype.map.call(
      table.querySelectorAll("thead th"),
      function (th) { return th.textContent.trim(); }
    ).slice(1);
    var labels = [];
    var series = headers.map(function () { return []; });
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
      var cells = row.querySelectorAll("th, td");
      labels.push(cells[0].textContent.trim());
      for (var i = 0; i < series.length; i += 1) {
        series[i].push(number(cells[i + 1] ? cells[i + 1].getAttribute("data-value") || cells[i + 1].textContent : 0));
      }
    });
    return {
      labels: labels,
      datasets: headers.map(function (header, i) {
        return {
          label: header,
          data: series[i],
          backgroundColor: COLOURS[i % COLOURS.length],
          borderColor: COLOURS[i % COLOURS.length],
        };
      }),
    };
  }

  function draw(canvas) {
    var table = document.getElementById(canvas.getAttribute("data-chart-table"));
    if (!table || typeof window.Chart === "undefined") {
      return;
    }
    var horizontal = canvas.getAttribute("data-chart-type") === "bar-horizontal";
    new window.Chart(canvas, {
      type: canvas.getAttribute("data-chart-type") === "line" ? "line" : "bar",
      data: fromTable(table),
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        responsive: true,
        animation: false,
        plugins: { legend: { position: "bottom" } },
        scales: { x: { beginAtZero: true }, y: { beginAtZero: true } },
      },
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart-table]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
