/*
 * Study-assistant chat widget. Embed with one line:
 *   <script src="https://HOST/widget.js" data-api-base="https://HOST" data-api-key="KEY"></script>
 * Optional: data-title="Ask the review", data-open="true".
 * All server and document text is inserted with textContent, never innerHTML.
 */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-api-base]");
  if (!script || window.__ragWidgetLoaded) { return; }
  window.__ragWidgetLoaded = true;

  var apiBase = (script.getAttribute("data-api-base") || new URL(script.src, location.href).origin).replace(/\/+$/, "");
  var apiKey = script.getAttribute("data-api-key") || "";
  var title = script.getAttribute("data-title") || "Ask the review";
  var history = [];
  var MAX_TURNS = 10;

  var CSS = [
    "#rag-widget{position:fixed;right:20px;bottom:20px;z-index:2147483000;font:14px/1.45 system-ui,sans-serif;color:#1b1f24}",
    "#rag-widget *{box-sizing:border-box}",
    "#rag-widget .rw-toggle{background:#1f5fbf;color:#fff;border:0;border-radius:24px;padding:10px 16px;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.25)}",
    "#rag-widget .rw-panel{display:none;flex-direction:column;width:380px;max-width:calc(100vw - 40px);height:520px;max-height:calc(100vh - 90px);background:#fff;border:1px solid #cfd6de;border-radius:10px;box-shadow:0 4px 24px rgba(0,0,0,.2);margin-bottom:10px;overflow:hidden}",
    "#rag-widget.rw-open .rw-panel{display:flex}",
    "#rag-widget .rw-head{background:#1f5fbf;color:#fff;padding:10px 12px;font-weight:600;display:flex;justify-content:space-between;align-items:center}",
    "#rag-widget .rw-head button{background:none;border:0;color:#fff;font-size:18px;cursor:pointer}",
    "#rag-widget .rw-log{flex:1;overflow-y:auto;padding:10px 12px}",
    "#rag-widget .rw-msg{margin:0 0 10px;white-space:pre-wrap;word-wrap:break-word}",
    "#rag-widget .rw-user{background:#eef3fb;border-radius:8px;padding:6px 9px}",
    "#rag-widget .rw-error{color:#a01616}",
    "#rag-widget .rw-abstained{color:#5a6470;font-style:italic}",
    "#rag-widget .rw-sources{margin:4px 0 0;padding-left:22px;font-size:12.5px;color:#3c4650}",
    "#rag-widget .rw-sources li{margin-bottom:4px}",
    "#rag-widget .rw-where{font-weight:600}",
    "#rag-widget form{display:flex;gap:6px;border-top:1px solid #e3e7ec;padding:8px}",
    "#rag-widget textarea{flex:1;resize:none;height:44px;font:inherit;padding:6px;border:1px solid #cfd6de;border-radius:6px}",
    "#rag-widget form button{background:#1f5fbf;color:#fff;border:0;border-radius:6px;padding:0 14px;cursor:pointer}",
    "#rag-widget form button:disabled{opacity:.6;cursor:wait}"
  ].join("\n");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var style = el("style");
  style.textContent = CSS;
  document.head.appendChild(style);

  var root = el("div");
  root.id = "rag-widget";
  var panel = el("section", "rw-panel");
  panel.setAttribute("aria-label", title);
  var head = el("div", "rw-head");
  head.appendChild(el("span", "", title));
  var close = el("button", "", "\u00d7");
  close.type = "button";
  close.setAttribute("aria-label", "Close");
  head.appendChild(close);
  var log = el("div", "rw-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  var form = el("form");
  var input = el("textarea");
  input.name = "question";
  input.placeholder = "Ask a question about the review\u2026";
  input.setAttribute("aria-label", "Question");
  var send = el("button", "", "Ask");
  send.type = "submit";
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(form);
  var toggle = el("button", "rw-toggle", title);
  toggle.type = "button";
  root.appendChild(panel);
  root.appendChild(toggle);
  document.body.appendChild(root);

  function setOpen(open) {
    root.classList.toggle("rw-open", open);
    toggle.setAttribute("aria-expanded", String(open));
    if (open) { input.focus(); }
  }
  toggle.addEventListener("click", function () { setOpen(!root.classList.contains("rw-open")); });
  close.addEventListener("click", function () { setOpen(false); });
  if (script.getAttribute("data-open") === "true") { setOpen(true); }

  function add(node) {
    log.appendChild(node);
    log.scrollTop = log.scrollHeight;
    return node;
  }

  function renderAnswer(data) {
    var box = el("div", "rw-msg rw-answer" + (data.abstained ? " rw-abstained" : ""));
    box.appendChild(el("div", "rw-text", String(data.answer || "")));
    var citations = Array.isArray(data.citations) ? data.citations : [];
    if (citations.length) {
      var list = el("ol", "rw-sources");
      citations.forEach(function (c) {
        var item = el("li", "rw-source");
        item.value = Number(c.n) || 0;
        var where = [c.section, c.page ? "p. " + c.page : ""].filter(Boolean).join(", ");
        item.appendChild(el("span", "rw-where", where ? where + ": " : ""));
        item.appendChild(el("span", "rw-quote", "\u201c" + String(c.quote || c.text || "") + "\u201d"));
        item.title = String(c.title || c.doc_id || "");
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    return add(box);
  }

  function errorMessage(status, body) {
    var message = body && body.error && body.error.message;
    return "Error " + status + ": " + (message ? String(message) : "the assistant could not answer");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var question = input.value.trim();
    if (!question) { return; }
    add(el("div", "rw-msg rw-user", question));
    input.value = "";
    send.disabled = true;
    var pending = add(el("div", "rw-msg rw-pending", "\u2026"));
    var headers = { "Content-Type": "application/json" };
    if (apiKey) { headers.Authorization = "Bearer " + apiKey; }
    fetch(apiBase + "/v1/ask", {
      method: "POST",
      headers: headers,
      body: JSON.stringify({ question: question, history: history.slice(-2 * MAX_TURNS) })
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        pending.remove();
        if (!response.ok || !body) {
          add(el("div", "rw-msg rw-error", errorMessage(response.status, body)));
          return;
        }
        renderAnswer(body);
        history.push({ role: "user", content: question }, { role: "assistant", content: String(body.answer || "") });
      });
    }).catch(function () {
      pending.remove();
      add(el("div", "rw-msg rw-error", "Network error: the assistant is unreachable."));
    }).then(function () {
      send.disabled = false;
      input.focus();
    });
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : send.click();
    }
  });
})();
