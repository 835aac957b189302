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
  say(form.dataset.saving || "Saving…", false);
  let response;
  try {
    response = await fetch(form.dataset.autosave, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
  } catch (error) {
    say("Not saved: the connection failed. Use the Save button.", true);
    return;
  }
  const body = await response.json().catch(() => ({}));
  if (response.ok && body.ok) {
    field("version").value = body.version;
    field("base-" + question).value = checked ? checked.value : "";
    field("basenote-" + question).value = field("note-" + question).value;
    if (progress && body.progress) progress.textContent = body.progress;
    say(`Saved ${question}.`, false);
    return;
  }
  if (response.status === 409 && body.conflicts) {
    const lines = body.conflicts.map(
      (c) =>
        `${c.question_id}: ${c.by || "someone else"} saved “${c.theirs_value}” ` +
        `(evidence: ${c.theirs_note || "-"}). Your answer “${c.yours_value}” is not saved yet: ` +
        "press Save to replace theirs, or change yours.",
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
  say(body.message || "Not saved. Use the Save button.", true);
}

if (form && form.dataset.autosave && window.fetch) {
  form.addEventListener("change", (event) => {
    const box = event.target.closest("[data-question]");
    if (box) save(box.dataset.question);
  });
}
