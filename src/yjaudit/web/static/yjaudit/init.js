// Progressive enhancement: start GOV.UK Frontend's components. Pages work without this.
// The library's URL comes from the script tag so hashed static file names keep working.
const tag = document.querySelector("script[data-govuk-frontend]");
if (tag && document.body.classList.contains("govuk-frontend-supported")) {
  import(tag.dataset.govukFrontend).then((govuk) => govuk.initAll());
}

// Wide tables on a phone: each table (but those that stack their rows, .yj-stack) scrolls
// sideways in a labelled, focusable region, so the page itself never does and keyboard
// users can scroll it too. Without JavaScript, app.css lets the table itself scroll.
for (const table of document.querySelectorAll(
  "main table.govuk-table:not(.yj-stack), main table.report-table",
)) {
  if (table.parentElement.classList.contains("yj-table-scroll")) continue;
  const region = document.createElement("div");
  region.className = "yj-table-scroll";
  region.setAttribute("role", "region");
  region.setAttribute("tabindex", "0");
  const caption = table.querySelector("caption");
  region.setAttribute("aria-label", (caption && caption.textContent.trim()) || document.title);
  table.parentElement.insertBefore(region, table);
  region.appendChild(table);
}
