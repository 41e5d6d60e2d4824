/* Draws every chart of an Assay report from the figures embedded as JSON, in the page's light or dark colours. */
(function () {
  "use strict";
  var figures = JSON.parse(document.getElementById("assay-figures").textContent);
  var scheme = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function themed(layout) {
    var style = getComputedStyle(document.body);
    var ink = style.getPropertyValue("--ink").trim();
    var line = style.getPropertyValue("--line").trim();
    var copy = Object.assign({}, layout, {
      paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)", autosize: true,
      font: Object.assign({}, layout.font, { color: ink })
    });
    ["xaxis", "yaxis"].forEach(function (axis) {
      copy[axis] = Object.assign({ gridcolor: line, zerolinecolor: line, linecolor: line }, layout[axis]);
    });
    return copy;
  }

  function drawAll() {
    document.querySelectorAll("[data-figure]").forEach(function (element) {
      var figure = figures[element.getAttribute("data-figure")];
      if (figure) {
        Plotly.newPlot(element, figure.data, themed(figure.layout), { responsive: true, displaylogo: false });
      }
    });
  }

  drawAll();
  if (scheme && scheme.addEventListener) {
    scheme.addEventListener("change", drawAll);
  }
})();
