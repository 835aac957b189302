// Progressive enhancement for the answering page: save each answer as it changes.
// Without this script the page's own Save buttons do the same.
//
// Nothing is shown as saved unless the server said so. Saves go one at a time, in the
// order the answers changed (two racing saves of one person would otherwise arrive out
// of order). A save that fails (no connection, the server busy or failing) leaves the
// question marked "Not saved", keeps the answer on the page and is tried again after a
// growing pause; a save the server refuses (409: someone else changed the question,
// 400: an answer it cannot take) is shown with its reason and not retried.
const form = document.getElementById("answers");
const status = document.getElementById("autosave-status");
const progress = document.getElementById("progress");

const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 30000;

const pending = new Set(); // questions changed on the page and not saved yet
const noteUnknown = new Set(); // a conflict showed only part of their note: send no base
// An answer as the page words it ("Partly"), from its radio button's label; the code
// itself where the page has no such button.
function answerWords(question, code) {
  if (!code) return "-";
  const name = `answer-${question}`;
  for (const input of document.getElementsByName(name)) {
    if (input.value === code && input.labels && input.labels[0]) {
      return input.labels[0].textContent.trim();
    }
  }
  return code;
}
let busy = false; // a save is on its way
let retryTimer = null;
let retryDelay = 0;

function say(text, isError) {
  status.textContent = text;
  status.className = isError ? "govuk-body govuk-error-message" : "govuk-body";
}

function field(name) {
  return form.querySelector(`[name="${CSS.escape(name)}"]`);
}

function box(question) {
  return form.querySelector(`[data-question="${CSS.escape(question)}"]`);
}

// The question's own "Not saved" line, so the place to look is clear, not only the status.
function markUnsaved(question, unsaved) {
  const group = box(question);
  if (!group) return;
  let note = group.querySelector(".yj-unsaved");
  if (unsaved) {
    if (!note) {
      note = document.createElement("p");
      note.className = "govuk-error-message yj-unsaved";
      group.querySelector("fieldset").prepend(note);
    }
    note.textContent = form.dataset.unsaved;
    group.classList.add("govuk-form-group--error");
  } else {
    if (note) note.remove();
    group.classList.remove("govuk-form-group--error");
  }
}

function current(question) {
  const checked = form.querySelector(`input[name="${CSS.escape("answer-" + question)}"]:checked`);
  return { value: checked ? checked.value : "", note: field("note-" + question).value };
}

// One save: "saved", "retry" (worth trying again) or "refused" (shown, not retried).
async function save(question) {
  const sent = current(question);
  const data = new FormData();
  data.append("csrfmiddlewaretoken", field("csrfmiddlewaretoken").value);
  data.append("version", field("version").value);
  data.append("answer-" + question, sent.value);
  data.append("note-" + question, sent.note);
  data.append("base-" + question, field("base-" + question).value);
  if (!noteUnknown.has(question)) {
    data.append("basenote-" + question, field("basenote-" + question).value);
  }
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
    return "retry";
  }
  const body = await response.json().catch(() => ({}));
  if (response.ok && body.ok === true) {
    field("version").value = body.version;
    field("base-" + question).value = sent.value;
    field("basenote-" + question).value = sent.note;
    noteUnknown.delete(question);
    if (progress && body.progress) progress.textContent = body.progress;
    if (!pending.has(question)) markUnsaved(question, false);
    const merged = body.merged ? ` ${form.dataset.merged}` : "";
    say(`${form.dataset.saved} ${question}.${merged}`, false);
    return "saved";
  }
  if (response.status === 409 && body.conflicts) {
    const lines = body.conflicts.map((c) =>
      form.dataset.conflict
        .replace("{question}", c.question_id)
        .replace("{by}", c.by || form.dataset.someone)
        .replace("{theirs}", answerWords(c.question_id, c.theirs_value))
        .replace("{note}", c.theirs_note || "-")
        .replace("{yours}", answerWords(c.question_id, c.yours_value)),
    );
    say(`${body.message} ${lines.join(" ")}`, true);
    // The next save overrides theirs knowingly: take their answer as the base.
    for (const c of body.conflicts) {
      field("base-" + c.question_id).value = c.theirs_value;
      if (c.notes_truncated) noteUnknown.add(c.question_id);
      else field("basenote-" + c.question_id).value = c.theirs_note;
      markUnsaved(c.question_id, true);
    }
    return "refused";
  }
  if (response.status >= 500 || response.status === 429 || body.retry) return "retry";
  say(`${form.dataset.notSaved} ${question}: ${body.message || form.dataset.failed}`, true);
  return "refused";
}

async function pump() {
  if (busy || retryTimer) return;
  const question = pending.values().next().value;
  if (question === undefined) return;
  pending.delete(question);
  busy = true;
  let outcome;
  try {
    outcome = await save(question);
  } finally {
    busy = false;
  }
  if (outcome === "retry") {
    if (!pending.has(question)) pending.add(question);
    markUnsaved(question, true);
    retryDelay = retryDelay ? Math.min(retryDelay * 2, LONGEST_RETRY_MS) : FIRST_RETRY_MS;
    say(form.dataset.retrying, true);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      pump();
    }, retryDelay);
    return;
  }
  retryDelay = 0;
  pump();
}

if (form && form.dataset.autosave && window.fetch) {
  form.addEventListener("change", (event) => {
    const group = event.target.closest("[data-question]");
    if (!group) return;
    pending.add(group.dataset.question);
    pump();
  });
}
