/* Swagger UI at /api/docs/, set up from a file rather than inline (the CSP allows no inline script).
   The same behaviour as drf-spectacular's swagger_ui.js: the schema is fetched with the session,
   and writes tried from the page carry the CSRF token. */
"use strict";
(function () {
  const container = document.getElementById("swagger-ui");
  if (!container || typeof SwaggerUIBundle === "undefined") return;
  const readJson = (id, fallback) => {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : fallback;
  };
  const settings = readJson("swagger-settings", {}) || {};
  const csrfHeader = container.dataset.csrfHeader;
  const csrfToken = container.dataset.csrfToken;

  const requestInterceptor = (request) => {
    // Only same-origin writes get the token; reads and cross-origin calls stay as they are.
    if (!["GET", undefined].includes(request.method) && request.credentials === "same-origin" && csrfToken) {
      request.headers[csrfHeader] = csrfToken;
    }
    return request;
  };

  window.ui = SwaggerUIBundle({
    url: container.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor,
    ...settings,
  });
})();
