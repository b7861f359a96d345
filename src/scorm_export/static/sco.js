/* SCORM runtime of a SCO: API discovery, session, bookmark and state.
 *
 * Written for this project (no third-party code). One file serves both
 * versions; <html data-scorm="1.2|2004"> chooses the API and the element names,
 * so a 1.2 SCO never calls a 2004 element (and the reverse).
 *
 * Rules it follows, each the cure of a known LMS complaint:
 * - find the API up the parent chain (500 levels), then the opener chain,
 *   every access in try/catch (cross-origin frames throw);
 * - Initialize once, Terminate once (guarded);
 * - commit on every state change and when the page is hidden; the final
 *   Terminate runs from the Exit button or, best effort, on pagehide: never
 *   rely on a synchronous request during unload;
 * - exit = "suspend" until the learner is finished, so a relaunch resumes;
 * - limits enforced here: suspend_data 4096 (1.2) / 64000, location 255 / 1000;
 * - session_time from integer centiseconds in the version's format;
 * - no LMS found: a preview mode that works and says progress is not saved.
 */
(function () {
  "use strict";

  var VERSION = document.documentElement.getAttribute("data-scorm") === "2004" ? "2004" : "1.2";
  var IS12 = VERSION === "1.2";
  var API_NAME = IS12 ? "API" : "API_1484_11";
  var CALLS = IS12
    ? { init: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
        commit: "LMSCommit", error: "LMSGetLastError", text: "LMSGetErrorString", diag: "LMSGetDiagnostic" }
    : { init: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue",
        commit: "Commit", error: "GetLastError", text: "GetErrorString", diag: "GetDiagnostic" };
  var EL = IS12
    ? { location: "cmi.core.lesson_location", suspend: "cmi.suspend_data", entry: "cmi.core.entry",
        exit: "cmi.core.exit", session: "cmi.core.session_time", status: "cmi.core.lesson_status",
        mastery: "cmi.student_data.mastery_score" }
    : { location: "cmi.location", suspend: "cmi.suspend_data", entry: "cmi.entry", exit: "cmi.exit",
        session: "cmi.session_time", completion: "cmi.completion_status", success: "cmi.success_status",
        mastery: "cmi.scaled_passing_score" };
  var LIMITS = IS12 ? { suspend: 4096, location: 255, text: 255 } : { suspend: 64000, location: 1000, text: 250 };

  var api = null;
  var started = false;
  var finished = false;
  var startedAt = Date.now();
  var errors = [];
  var state = { v: [], a: {}, n: 0, r: null, f: false };
  var view = "";

  function lookIn(win) {
    for (var depth = 0; win && depth < 500; depth += 1) {
      try {
        if (win[API_NAME]) { return win[API_NAME]; }
        if (!win.parent || win.parent === win) { return null; }
        win = win.parent;
      } catch (e) {
        return null;
      }
    }
    return null;
  }

  function findApi() {
    var found = lookIn(window);
    try {
      if (!found && window.opener) { found = lookIn(window.opener); }
    } catch (e) { found = null; }
    try {
      if (!found && window.top && window.top.opener) { found = lookIn(window.top.opener); }
    } catch (e) { found = null; }
    return found;
  }

  function call(name, a, b) {
    if (!api) { return ""; }
    var result;
    try {
      result = b === undefined ? api[CALLS[name]](a) : api[CALLS[name]](a, b);
    } catch (e) {
      errors.push({ call: CALLS[name], element: a, code: "exception", message: String(e) });
      return "";
    }
    result = String(result);
    if (result === "false" || (name === "get" && result === "")) {
      var code = String(api[CALLS.error]());
      // 403: value not initialized, the normal answer for an empty bookmark in 2004.
      if (code !== "0" && code !== "403") {
        errors.push({ call: CALLS[name], element: a, value: b, code: code,
                      message: String(api[CALLS.text](code)) });
      }
    }
    return result;
  }

  function get(element) { return call("get", element); }

  function set(element, value) {
    if (!api || finished) { return false; }
    return call("set", element, String(value)) === "true";
  }

  function commit() {
    if (!api || finished) { return false; }
    return call("commit", "") === "true";
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) { s = "0" + s; }
    return s;
  }

  /* This session's length, from integer centiseconds: HHHH:MM:SS.SS (1.2), PT#H#M#S (2004). */
  function sessionTime(centiseconds) {
    var cs = Math.max(0, Math.floor(centiseconds));
    var hours = Math.floor(cs / 360000);
    var minutes = Math.floor((cs % 360000) / 6000);
    var seconds = Math.floor((cs % 6000) / 100);
    var hundredths = cs % 100;
    if (IS12) {
      return pad(Math.min(hours, 9999), 2) + ":" + pad(minutes, 2) + ":" + pad(seconds, 2) + "." + pad(hundredths, 2);
    }
    if (cs === 0) { return "PT0S"; }
    var text = "PT";
    if (hours) { text += hours + "H"; }
    if (minutes) { text += minutes + "M"; }
    if (seconds || hundredths) { text += seconds + (hundredths ? "." + pad(hundredths, 2) : "") + "S"; }
    return text;
  }

  /* Compact state that fits the version's limit: answers go first, then the visit list. */
  function encodeState() {
    var text = JSON.stringify(state);
    if (text.length <= LIMITS.suspend) { return text; }
    var smaller = { v: [], a: {}, n: state.n, r: state.r, f: state.f };
    text = JSON.stringify({ v: state.v, a: {}, n: state.n, r: state.r, f: state.f });
    if (text.length <= LIMITS.suspend) { return text; }
    return JSON.stringify(smaller);
  }

  function finishedNow() {
    return state.f;
  }

  function store() {
    if (view && view.length <= LIMITS.location) { set(EL.location, view); }
    set(EL.suspend, encodeState());
    set(EL.exit, finishedNow() ? (IS12 ? "" : "normal") : "suspend");
  }

  function save() {
    if (!api || finished) { return; }
    store();
    commit();
  }

  /* Finish/Terminate persists by itself; a Commit right before it fails in some LMSs (Cornerstone). */
  function finish() {
    if (!api || finished || !started) { return; }
    store();
    set(EL.session, sessionTime((Date.now() - startedAt) / 10));
    call("finish", "");
    finished = true;  // never a second Terminate, even when the first one failed
  }

  function views() { return document.querySelectorAll("main .view"); }

  function show(id, focus) {
    var target = document.getElementById(id);
    if (!target || !target.classList.contains("view")) { return; }
    var all = views();
    for (var i = 0; i < all.length; i += 1) { all[i].hidden = all[i] !== target; }
    var links = document.querySelectorAll(".toc a[data-view]");
    for (var j = 0; j < links.length; j += 1) {
      if (links[j].getAttribute("data-view") === id) { links[j].setAttribute("aria-current", "page"); }
      else { links[j].removeAttribute("aria-current"); }
    }
    view = id;
    if (state.v.indexOf(id) < 0 && id.indexOf("lesson-") === 0) { state.v.push(id); }
    if (focus) {
      var heading = target.querySelector("h1");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }
    SCO.onView(id);
    save();
  }

  function go(hash) {
    var target = document.getElementById(hash);
    if (!target) { return false; }
    var section = target.classList.contains("view") ? target : target.closest(".view");
    if (!section) { return false; }
    show(section.id, section === target);
    if (section !== target) {
      target.setAttribute("tabindex", "-1");
      target.focus();
    }
    return true;
  }

  function onClick(event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (!link) { return; }
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    if (id === "main") { return; }
    if (go(id)) { event.preventDefault(); }
  }

  function start() {
    api = findApi();
    var data = JSON.parse(document.getElementById("sco-data").textContent);
    SCO.data = data;
    var first = views()[0];
    var bookmark = "";
    if (api) {
      var ok = String(call("init", "")) === "true";
      if (!ok) { api = null; }
    }
    if (api) {
      started = true;
      var entry = get(EL.entry);
      if (entry === "resume") {
        bookmark = get(EL.location);
        var saved = get(EL.suspend);
        if (saved) {
          try {
            var parsed = JSON.parse(saved);
            if (parsed && typeof parsed === "object") {
              state.v = parsed.v || []; state.a = parsed.a || {}; state.n = parsed.n || 0;
              state.r = parsed.r || null; state.f = !!parsed.f;
            }
          } catch (e) {
            errors.push({ call: "restore", code: "parse", message: "suspend_data is not ours" });
          }
        }
      }
      if (IS12) {
        var status = get(EL.status);
        if (status === "not attempted" || status === "") { set(EL.status, "incomplete"); }
      } else {
        var completion = get(EL.completion);
        if (completion === "not attempted" || completion === "unknown" || completion === "") {
          set(EL.completion, "incomplete");
        }
      }
      set(EL.exit, "suspend");
      commit();
    } else {
      document.getElementById("preview").hidden = false;
    }
    document.addEventListener("click", onClick);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        if (api && !finished) { set(EL.session, sessionTime((Date.now() - startedAt) / 10)); }
        save();
      }
    });
    window.addEventListener("pagehide", finish);
    var exit = document.getElementById("exit");
    exit.addEventListener("click", function () {
      finish();
      document.getElementById("exited").hidden = false;
    });
    SCO.onStart(bookmark);
    if (!(bookmark && document.getElementById(bookmark))) { bookmark = first ? first.id : ""; }
    if (bookmark) { show(bookmark, false); }
  }

  var SCO = {
    version: VERSION,
    limits: LIMITS,
    state: state,
    errors: errors,
    data: null,
    connected: function () { return !!api && started && !finished; },
    get: get,
    set: set,
    save: save,
    show: show,
    finish: finish,
    sessionTime: sessionTime,
    onStart: function () {},
    onView: function () {}
  };
  window.SCO = SCO;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { window.setTimeout(start, 0); });
  } else {
    window.setTimeout(start, 0);
  }
}());
