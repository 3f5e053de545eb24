/* Dashboard charts drawn with the vendored Chart.js from the JSON the page embeds (the same values as the
   tables under each chart). Large type on wide screens (projector), compact on phones. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("rp-chart-data");
    if (!source || !window.Chart) { return; }
    var data = JSON.parse(source.textContent);
    var wide = window.matchMedia("(min-width: 1600px)").matches;
    Chart.defaults.font.size = wide ? 16 : 12;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    var red = "#b3261e", gold = "#f2c14e", blue = "#1a5fb4", green = "#1e7a3b", grey = "#8a8580";
    function make(id, config) {
      var canvas = document.getElementById(id);
      if (canvas) { canvas.chart = new Chart(canvas, config); }
    }
    var t = data.trend;
    make("chart-trend", {
      type: "bar",
      data: {
        labels: t.labels,
        datasets: [
          { label: t.names[0], data: t.received, backgroundColor: blue, yAxisID: "y" },
          { label: t.names[1], data: t.resolved, backgroundColor: gold, yAxisID: "y" },
          { label: t.names[2], data: t.on_time, type: "line", borderColor: red, backgroundColor: red, yAxisID: "rate",
            spanGaps: true, tension: 0.2 }
        ]
      },
      options: { scales: { y: { beginAtZero: true, position: "left" },
                           rate: { min: 0, max: 100, position: "right", grid: { drawOnChartArea: false } } } }
    });
    var c = data.channels;
    make("chart-channels", {
      type: "doughnut",
      data: { labels: c.labels, datasets: [{ data: c.values, backgroundColor: [blue, gold, grey] }] },
      options: { plugins: { legend: { position: "bottom" } } }
    });
    var u = data.units;
    make("chart-units", {
      type: "bar",
      data: { labels: u.labels, datasets: [{ label: u.name, data: u.values,
        backgroundColor: green }] },
      options: { indexAxis: "y", scales: { x: { min: 0, max: 100 } }, plugins: { legend: { display: false } } }
    });
    var a = data.ageing;
    make("chart-ageing", {
      type: "bar",
      data: { labels: a.labels, datasets: [{ label: a.name, data: a.values, backgroundColor: [gold, "#e08a1e", red, "#7a1410"] }] },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { display: false } } }
    });
    document.body.setAttribute("data-charts-ready", "1");
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
