// The LMS side of the runtime tests: scorm-again (ESM) as window.API / window.API_1484_11,
// every call recorded so the tests can check call order and the strict spec limits that
// scorm-again leaves unchecked on purpose.
import { Scorm12API } from "/lib/scorm12.js";
import { Scorm2004API } from "/lib/scorm2004.js";

const params = new URLSearchParams(location.search);
const version = params.get("v");
const init = JSON.parse(params.get("init") || "null");
const settings = { lmsCommitUrl: false, autocommit: false, logLevel: 5 };
const api = version === "1.2" ? new Scorm12API(settings) : new Scorm2004API(settings);
if (init) { api.loadFromJSON(init, ""); }
const names = version === "1.2"
  ? ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit"]
  : ["Initialize", "Terminate", "GetValue", "SetValue", "Commit"];
const lastError = version === "1.2" ? "LMSGetLastError" : "GetLastError";
const calls = [];
const facade = {};
for (const name of names) {
  facade[name] = (...args) => {
    const result = api[name](...args);
    calls.push({ name, args: args.map(String), result: String(result), code: String(api[lastError]()) });
    return result;
  };
}
for (const name of ["GetLastError", "GetErrorString", "GetDiagnostic"]) {
  const full = version === "1.2" ? "LMS" + name : name;
  facade[full] = (...args) => api[full](...args);
}
window[version === "1.2" ? "API" : "API_1484_11"] = facade;
window.harness = { api, calls };
const frame = document.createElement("iframe");
frame.title = "SCO";
frame.width = "1000";
frame.height = "800";
frame.src = "/pkg/" + params.get("pkg");
document.body.append(frame);
