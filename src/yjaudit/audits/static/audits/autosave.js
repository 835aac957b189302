// Progressive enhancement for the answering page: save each answer as it changes.
// Without this script the page's own Save buttons do the same. A stale save (someone
// else changed the question meanwhile) is refused by the server: we show their answer
// and keep what the user entered, so nothing is lost silently.
const form = document.getElementById("answers");
const status = document.getElementById("autosave-status");
const progress = document.getElementById("progress");

function say(text, isError) {
  status.textContent = text;
  status.className = isError ? "govuk-body govuk-error-message" : "govuk-body";
}

function field(name) {
  return form.querySelector(`[name="${CSS.escape(name)}"]`);
}

async function save(question) {
  const data = new FormData();
  data.append("csrfmiddlewaretoken", field("csrfmiddlewaretoken").value);
  data.append("version", field("version").value);
  const checked = form.querySelector(`input[name="${CSS.escape("answer-" + question)}"]:checked`);
  data.append("answer-" + question, checked ? checked.value : "");
  data.append("note-" + question, field("note-" + question).value);
  data.append("base-" + question, field("base-" + question).value);
  data.append("basenote-" + question, field("basenote-" + question).value);
  say(form.dataset.saving, false);
  let response;
  try {
    response = await fetch(form.dataset.autosave, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
  } catch (error) {
    say(form.dataset.failed, true);
    return;
  }
  const body = await response.json().catch(() => ({}));
  if (response.ok && body.ok) {
    field("version").value = body.version;
    field("base-" + question).value = checked ? checked.value : "";
    field("basenote-" + question).value = field("note-" + question).value;
    if (progress && body.progress) progress.textContent = body.progress;
    say(`${form.dataset.saved} ${question}.`, false);
    return;
  }
  if (response.status === 409 && body.conflicts) {
    const lines = body.conflicts.map((c) =>
      form.dataset.conflict
        .replace("{question}", c.question_id)
        .replace("{by}", c.by || form.dataset.someone)
        .replace("{theirs}", c.theirs_value)
        .replace("{note}", c.theirs_note || "-")
        .replace("{yours}", c.yours_value),
    );
    say(`${body.message} ${lines.join(" ")}`, true);
    // The next save overrides theirs knowingly: take their answer as the base.
    for (const c of body.conflicts) {
      field("base-" + c.question_id).value = c.theirs_value;
      field("basenote-" + c.question_id).value = c.theirs_note;
      const box = document.getElementById("q-" + c.question_id.replaceAll(".", ""));
      if (box) box.classList.add("govuk-form-group--error");
    }
    return;
  }
  say(body.message || form.dataset.failed, true);
}

if (form && form.dataset.autosave && window.fetch) {
  form.addEventListener("change", (event) => {
    const box = event.target.closest("[data-question]");
    if (box) save(box.dataset.question);
  });
}
