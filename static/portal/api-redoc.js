/* Redoc at /api/redoc/, set up from a file rather than inline (the CSP allows no inline script). */
"use strict";
(function () {
  const container = document.getElementById("redoc-container");
  if (!container || typeof Redoc === "undefined") return;
  const node = document.getElementById("redoc-settings");
  const settings = (node && JSON.parse(node.textContent)) || {};
  Redoc.init(container.dataset.schemaUrl, settings, container);
})();
