// The API reference page (registry/templates/api/docs.html): Swagger UI reading our OpenAPI
// document. Started from this file, not from an inline script, so the page keeps a strict
// Content-Security-Policy. Nothing is sent to another site: no validator, no remote config.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var target = document.getElementById("swagger-ui");
    if (!target || typeof window.SwaggerUIBundle !== "function") { return; }
    target.textContent = "";
    window.SwaggerUIBundle({
      url: target.getAttribute("data-spec-url"),
      domNode: target,
      deepLinking: true,
      validatorUrl: null,
      withCredentials: false,
      persistAuthorization: false,
      tryItOutEnabled: false,
      defaultModelsExpandDepth: 0,
      docExpansion: "list",
      // The document asks for a token; the browser's own session cookie may read it.
      requestInterceptor: function (request) {
        if (request.url === target.getAttribute("data-spec-url")) { request.credentials = "same-origin"; }
        return request;
      }
    });
  });
}());
