/* Assessment engine of a SCO: scoring, feedback, retry policy and reporting.
 *
 * Written for this project. Reports in the order LMSs grade correctly:
 * interactions, objectives (one per competency), then score, success and
 * completion, then one commit (a status sent before its score is graded 0 by
 * some players). Interaction indexes come from _count, never from a counter of
 * our own; ids and response formats follow the package's SCORM version.
 */
(function () {
  "use strict";

  var SCO = window.SCO;
  var IS12 = SCO.version === "1.2";
  var form = document.getElementById("quiz-form");
  if (!form) { return; }

  function data() { return SCO.data; }
  function text(key, values) {
    var s = data().strings[key];
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
    return s;
  }

  function inputs(itemId) { return form.querySelectorAll("[name='" + itemId + "']"); }

  function response(item) {
    var fields = inputs(item.id);
    if (item.type === "single_choice" || item.type === "true_false" || item.type === "multiple_response") {
      var chosen = [];
      for (var i = 0; i < fields.length; i += 1) { if (fields[i].checked) { chosen.push(fields[i].value); } }
      return chosen;
    }
    return fields.length ? fields[0].value : "";
  }

  function restore(item, value) {
    var fields = inputs(item.id);
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i].type === "text") { fields[i].value = typeof value === "string" ? value : ""; }
      else { fields[i].checked = Array.isArray(value) && value.indexOf(fields[i].value) >= 0; }
    }
  }

  function normalize(value, caseSensitive) {
    var s = String(value).trim().replace(/\s+/g, " ");
    return caseSensitive ? s : s.toLowerCase();
  }

  function number(value) {
    var s = String(value).trim().replace(",", ".");
    return /^-?\d+(\.\d+)?$/.test(s) ? parseFloat(s) : null;
  }

  function isCorrect(item, answer) {
    switch (item.type) {
      case "single_choice":
        return answer.length === 1 && answer[0] === item.correct[0];
      case "multiple_response":
        return answer.length === item.correct.length &&
          item.correct.every(function (id) { return answer.indexOf(id) >= 0; });
      case "true_false":
        return answer.length === 1 && answer[0] === String(item.correct);
      case "numeric":
        var n = number(answer);
        return n !== null && Math.abs(n - item.correct) <= item.tolerance + 1e-9;
      default:
        var given = normalize(answer, item.caseSensitive);
        return item.correct.some(function (a) { return normalize(a, item.caseSensitive) === given; });
    }
  }

  /* The interaction type and the learner/correct responses in the version's syntax. */
  function formats(item, answer) {
    var list = IS12 ? "," : "[,]";
    switch (item.type) {
      case "single_choice":
      case "multiple_response":
        return { type: "choice", learner: answer.join(list), patterns: [item.correct.join(list)] };
      case "true_false":
        var value = answer.length ? answer[0] : "";
        return { type: "true-false",
                 learner: IS12 ? (value === "true" ? "t" : value === "false" ? "f" : "") : value,
                 patterns: [IS12 ? (item.correct ? "t" : "f") : String(item.correct)] };
      case "numeric":
        var n = number(answer);
        var low = item.correct - item.tolerance;
        var high = item.correct + item.tolerance;
        return { type: "numeric", learner: n === null ? "" : String(n),
                 patterns: [IS12 ? String(item.correct) : (low === high ? String(low) : low + "[:]" + high)] };
      default:
        var limit = SCO.limits.text;
        return { type: "fill-in", learner: String(answer).trim().slice(0, limit),
                 patterns: item.correct.slice(0, 5).map(function (a) {
                   var p = IS12 ? a : (item.caseSensitive ? "{case_matters=true}" : "") + a;
                   return p.slice(0, IS12 ? 255 : 250);
                 }) };
    }
  }

  function objectiveIndex(id) {
    var count = parseInt(SCO.get("cmi.objectives._count"), 10) || 0;
    for (var i = 0; i < count; i += 1) {
      if (SCO.get("cmi.objectives." + i + ".id") === id) { return i; }
    }
    SCO.set("cmi.objectives." + count + ".id", id);
    return count;
  }

  function report(results, raw, passed) {
    if (!SCO.connected()) { return; }
    (data().interactions ? data().items : []).forEach(function (item) {
      var r = results[item.id];
      var f = formats(item, r.answer);
      var n = parseInt(SCO.get("cmi.interactions._count"), 10) || 0;
      var p = "cmi.interactions." + n + ".";
      SCO.set(p + "id", item.iid);
      SCO.set(p + "type", f.type);
      SCO.set(p + "objectives.0.id", item.objective);
      f.patterns.forEach(function (pattern, k) { SCO.set(p + "correct_responses." + k + ".pattern", pattern); });
      SCO.set(p + "weighting", "1");
      if (f.learner !== "") { SCO.set(p + (IS12 ? "student_response" : "learner_response"), f.learner); }
      SCO.set(p + "result", r.correct ? "correct" : (IS12 ? "wrong" : "incorrect"));
    });
    data().objectives.forEach(function (objective) {
      var items = data().items.filter(function (item) { return item.objective === objective.id; });
      var right = items.filter(function (item) { return results[item.id].correct; }).length;
      var score = Math.round(10000 * right / items.length) / 100;
      var ok = score / 100 >= threshold() - 1e-9;
      var i = objectiveIndex(objective.id);
      var p = "cmi.objectives." + i + ".";
      if (!IS12) { SCO.set(p + "score.scaled", String(score / 100)); }
      SCO.set(p + "score.raw", String(score));
      SCO.set(p + "score.min", "0");
      SCO.set(p + "score.max", "100");
      if (IS12) {
        SCO.set(p + "status", ok ? "passed" : "failed");
      } else {
        SCO.set(p + "success_status", ok ? "passed" : "failed");
        SCO.set(p + "completion_status", "completed");
      }
    });
    if (IS12) {
      SCO.set("cmi.core.score.raw", String(raw));
      SCO.set("cmi.core.score.min", "0");
      SCO.set("cmi.core.score.max", "100");
      SCO.set("cmi.core.lesson_status", passed ? "passed" : "failed");
    } else {
      SCO.set("cmi.score.scaled", String(raw / 100));
      SCO.set("cmi.score.raw", String(raw));
      SCO.set("cmi.score.min", "0");
      SCO.set("cmi.score.max", "100");
      SCO.set("cmi.success_status", passed ? "passed" : "failed");
      SCO.set("cmi.completion_status", state().f ? "completed" : "incomplete");
    }
  }

  function state() { return SCO.state; }

  /* The LMS's threshold wins when it sends one (an administrator may override it). */
  function threshold() {
    var fromLms = parseFloat(SCO.connected() ? SCO.get(IS12 ? "cmi.student_data.mastery_score"
                                                              : "cmi.scaled_passing_score") : "");
    if (!isNaN(fromLms)) { return IS12 ? fromLms / 100 : fromLms; }
    return data().mastery === null ? 1 : data().mastery;
  }

  function attemptsLeft() {
    var max = data().maxAttempts;
    return max === 0 ? Infinity : Math.max(0, max - state().n);
  }

  /* The feedback of the options the learner chose, in option order. Only chosen
   * options: the feedback of the right option the learner did not choose would
   * give the answer away while attempts are left. */
  function showChosen(item, box, answer) {
    var chosen = box.querySelector(".chosen");
    if (!chosen) { return; }
    var list = chosen.querySelector("dl");
    list.textContent = "";
    var feedback = item.feedback || {};
    var fields = inputs(item.id);
    for (var i = 0; i < fields.length; i += 1) {
      var id = fields[i].value;
      if (!Array.isArray(answer) || answer.indexOf(id) < 0 || !feedback[id]) { continue; }
      var label = form.querySelector("label[for='" + fields[i].id + "']");
      var term = document.createElement("dt");
      term.textContent = label ? label.textContent : id;
      var detail = document.createElement("dd");
      detail.textContent = feedback[id];
      list.appendChild(term);
      list.appendChild(detail);
    }
    chosen.hidden = !list.firstChild;
  }

  /* Verdict, chosen options' feedback and rationale per item, or none of them (results = null).
   * The fieldset is described by its feedback only while the feedback is shown, so
   * assistive technology never reads a hidden rationale before the learner submits. */
  function showFeedback(results) {
    data().items.forEach(function (item) {
      var box = document.getElementById("feedback-" + item.id);
      var group = document.getElementById("item-" + item.id);
      var r = results ? results[item.id] : null;
      box.hidden = !r;
      if (r) {
        box.querySelector(".is-correct").hidden = !r.correct;
        box.querySelector(".is-incorrect").hidden = r.correct;
        group.setAttribute("aria-describedby", box.id);
      } else {
        group.removeAttribute("aria-describedby");
      }
      showChosen(item, box, r ? r.answer : null);
    });
  }

  function showResults(result) {
    var summary = document.getElementById("result-summary");
    var mastery = Math.round(threshold() * 10000) / 100;
    // The status region announces the score and where the feedback is.
    summary.textContent = (result.p ? text("passed", { score: result.s })
                                    : text("failed", { score: result.s, mastery: mastery })) +
      " " + text("feedback_hint");
    var list = document.getElementById("result-objectives");
    list.textContent = "";
    data().objectives.forEach(function (objective) {
      var li = document.createElement("li");
      li.textContent = text("objective", { title: objective.title, score: result.o[objective.code] });
      list.appendChild(li);
    });
    var left = attemptsLeft();
    var retry = document.getElementById("retry");
    retry.hidden = result.p || left === 0;
    document.getElementById("result-attempts").textContent = result.p ? "" :
      (left === 0 ? text("no_attempts") : (left === Infinity ? "" : text("attempts_left", { left: left })));
  }

  function grade() {
    var results = {};
    var right = 0;
    data().items.forEach(function (item) {
      var answer = response(item);
      var ok = isCorrect(item, answer);
      results[item.id] = { answer: answer, correct: ok };
      if (ok) { right += 1; }
    });
    return { results: results, raw: Math.round(10000 * right / data().items.length) / 100 };
  }

  function submit(event) {
    event.preventDefault();
    if (state().r && (state().r.p || attemptsLeft() === 0)) { return; }
    var graded = grade();
    var passed = graded.raw / 100 >= threshold() - 1e-9;
    data().items.forEach(function (item) { state().a[item.id] = graded.results[item.id].answer; });
    state().n += 1;
    var perObjective = {};
    data().objectives.forEach(function (objective) {
      var items = data().items.filter(function (item) { return item.objective === objective.id; });
      var right = items.filter(function (item) { return graded.results[item.id].correct; }).length;
      perObjective[objective.code] = Math.round(10000 * right / items.length) / 100;
    });
    state().r = { s: graded.raw, p: passed, o: perObjective };
    state().f = passed || attemptsLeft() === 0;
    report(graded.results, graded.raw, passed);
    lock(true);
    showFeedback(graded.results);
    showResults(state().r);
    SCO.show("results", true);
  }

  function lock(locked) {
    var fields = form.querySelectorAll("input");
    for (var i = 0; i < fields.length; i += 1) { fields[i].disabled = locked; }
    document.getElementById("submit").hidden = locked;
    // A submitted attempt is reviewed here; the way back leads to the results and the retry.
    document.getElementById("to-results").hidden = !locked;
  }

  function retry() {
    state().a = {};
    data().items.forEach(function (item) { restore(item, null); });
    state().r = null;
    lock(false);
    showFeedback(null);
    SCO.show("quiz", true);
  }

  form.addEventListener("submit", submit);
  form.addEventListener("change", function () {
    data().items.forEach(function (item) { state().a[item.id] = response(item); });
    SCO.save();
  });
  document.getElementById("retry").addEventListener("click", retry);

  SCO.onStart = function () {
    data().items.forEach(function (item) {
      if (Object.prototype.hasOwnProperty.call(state().a, item.id)) { restore(item, state().a[item.id]); }
    });
    if (state().r) {
      lock(true);
      showFeedback(grade().results);
      showResults(state().r);
    }
  };
}());
