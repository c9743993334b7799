// Draws one grouped bar chart per area from the JSON the dashboard embeds (no inline script: CSP).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  document.querySelectorAll("[data-chart]").forEach((el) => {
    const area = data[el.dataset.chart];
    if (!area || !area.labels.length) return;
    el.style.height = "280px";
    const chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 50, right: 10, top: 30, bottom: 60 },
      xAxis: { type: "category", data: area.labels, axisLabel: { rotate: area.labels.length > 8 ? 40 : 0 } },
      yAxis: { type: "value" },
      series: area.series.map((s) => ({ name: s.name, type: "bar", data: s.values })),
    });
    window.addEventListener("resize", () => chart.resize());
  });
});
