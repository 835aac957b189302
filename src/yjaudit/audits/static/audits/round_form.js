// The new-round form: show "Number of cases" only while a sample rule that uses it is
// chosen. Without this script the field shows with a hint naming that rule, and the
// server ignores it for the other rules.
const group = document.querySelector("[data-size-rules]");
if (group) {
  const rules = group.dataset.sizeRules.split(" ").filter(Boolean);
  const radios = document.querySelectorAll('input[name="sample_rule"]');
  const update = () => {
    const chosen = Array.from(radios).find((r) => r.checked);
    const needed = chosen ? rules.includes(chosen.value) : false;
    const hasError = group.querySelector(".govuk-form-group--error") !== null;
    group.hidden = !needed && !hasError;
  };
  radios.forEach((r) => r.addEventListener("change", update));
  update();
}
