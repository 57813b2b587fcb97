// Starts Swagger UI on /api/docs/ (templates/cms/api_docs.html). A static file rather than an
// inline script, so the page works under the site's content security policy.
"use strict";

(function () {
  const root = document.getElementById("swagger-ui");
  const settings = JSON.parse(root.dataset.settings || "{}");
  window.ui = SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    ...settings,
    // Never send the schema to an outside validator.
    validatorUrl: null,
  });
})();
