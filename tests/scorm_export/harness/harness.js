// The LMS side of the runtime tests: scorm-again (ESM) as window.API / window.API_1484_11,
// every call recorded so the tests can check call order and the strict spec limits that
// scorm-again leaves unchecked on purpose.
import { Scorm12API } from "/lib/scorm12.js";
import { Scorm2004API } from "/lib/scorm2004.js";

const params = new URLSearchParams(location.search);
const version = params.get("v");
const init = JSON.parse(params.get("init") || "null");
const settings = { lmsCommitUrl: false, autocommit: false, logLevel: 5 };
// A curriculum test passes ?seq=<json>: the activity tree compiled from the package's own
// manifest (scorm-again takes a tree, not a manifest) and the launch href of each item.
const seqUrl = params.get("seq");
const spec = seqUrl ? await (await fetch(seqUrl)).json() : null;
if (spec) { settings.sequencing = { activityTree: spec.tree }; }
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
window.harness = { api, calls, delivered: [] };
const frame = document.createElement("iframe");
frame.title = "SCO";
frame.width = "1000";
frame.height = "800";
document.body.append(frame);
if (spec) {
  api.setSequencingEventListeners({
    onActivityDelivery: (activity) => {
      // A new SCO: scorm-again's reset keeps the sequencing state and global objectives.
      if (window.harness.delivered.length > 0) { api.reset(); }
      window.harness.delivered.push(activity.id);
      frame.src = "/pkg/" + params.get("pkg") + spec.hrefs[activity.id];
    },
  });
  api.processNavigationRequest("start");
} else {
  frame.src = "/pkg/" + params.get("pkg");
}
