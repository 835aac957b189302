// Tells GOV.UK Frontend's CSS that JavaScript runs (a static file, not inline, for the CSP).
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
