// Progressive enhancement: start GOV.UK Frontend's components. Pages work without this.
// The library's URL comes from the script tag so hashed static file names keep working.
const tag = document.querySelector("script[data-govuk-frontend]");
if (tag && document.body.classList.contains("govuk-frontend-supported")) {
  import(tag.dataset.govukFrontend).then((govuk) => govuk.initAll());
}
