// Starts Swagger UI on the docs page from its data attributes: no inline script (CSP), no request
// to another origin (validatorUrl: null switches off the badge fetched from validator.swagger.io).
window.addEventListener("load", function () {
  var container = document.getElementById("swagger-ui-container");
  var config = {
    url: container.dataset.specUrl,
    dom_id: "#swagger-ui-container",
    validatorUrl: null
  };
  var overrides = JSON.parse(container.dataset.config || "{}");
  for (var name in overrides) { config[name] = overrides[name]; }
  window.ui = SwaggerUIBundle(config);
});
