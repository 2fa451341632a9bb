/*
 * Study-assistant chat widget. Embed with one line:
 *   <script src="https://HOST/widget.js" data-api-base="https://HOST" data-api-key="KEY"></script>
 * Optional: data-title="Ask the review", data-open="true".
 * All server and document text is inserted with textContent, never innerHTML.
 * Like the chat page: starter questions (GET /v1/suggestions), each sentence followed by a numbered link
 * that opens its source with the quoted sentence highlighted, and the start of each answer kept in view.
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
  var turn = 0;

  var CSS = [
    "#rag-widget{position:fixed;right:20px;bottom:20px;z-index:2147483000;font:14px/1.45 system-ui,sans-serif;color:#1b1f24;display:flex;flex-direction:column;align-items:flex-end}",
    "#rag-widget *{box-sizing:border-box}",
    "#rag-widget button{font:inherit}",
    "#rag-widget .rw-toggle{background:#1c4f9c;color:#fff;border:0;border-radius:24px;padding:10px 16px;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.25)}",
    "#rag-widget .rw-panel{display:none;flex-direction:column;width:400px;max-width:calc(100vw - 40px);height:560px;max-height:calc(100vh - 90px);background:#fff;border:1px solid #aab4c0;border-radius:10px;box-shadow:0 4px 24px rgba(0,0,0,.2);margin-bottom:10px;overflow:hidden}",
    "#rag-widget.rw-open .rw-panel{display:flex}",
    "#rag-widget .rw-head{background:#1c4f9c;color:#fff;padding:10px 12px;font-weight:600;display:flex;justify-content:space-between;align-items:center}",
    "#rag-widget .rw-head h2{font-size:15px;margin:0}",
    "#rag-widget .rw-head button{background:none;border:0;color:#fff;font-size:20px;line-height:1;cursor:pointer;padding:2px 6px}",
    "#rag-widget .rw-log{flex:1;overflow-y:auto;padding:10px 12px}",
    "#rag-widget .rw-msg{margin:0 0 12px;word-wrap:break-word;overflow-wrap:anywhere}",
    "#rag-widget .rw-speaker{display:block;font-size:12px;font-weight:700;color:#3d4149;margin-bottom:2px}",
    "#rag-widget .rw-user .rw-text{background:#eef3fb;border-radius:8px;padding:6px 9px;white-space:pre-wrap}",
    "#rag-widget .rw-error{color:#a01616}",
    "#rag-widget .rw-abstained .rw-text{color:#3d4149}",
    "#rag-widget .rw-cite{display:inline-block;min-width:1.5em;margin-left:3px;padding:0 5px;border:0;border-radius:9px;background:#1c4f9c;color:#fff;font-size:11px;font-weight:700;line-height:1.6;cursor:pointer;vertical-align:1px}",
    "#rag-widget .rw-note{margin:0 0 6px;font-size:12.5px;color:#3d4149}",
    "#rag-widget .rw-reason{margin-bottom:4px}",
    "#rag-widget .rw-para{margin:0 0 6px}",
    "#rag-widget .rw-sources-title{margin:8px 0 4px;font-size:12.5px;font-weight:700;color:#3d4149}",
    "#rag-widget details.rw-source{margin:4px 0;border:1px solid #aab4c0;border-radius:6px}",
    "#rag-widget details.rw-source summary{padding:5px 8px;cursor:pointer;font-size:12.5px}",
    "#rag-widget .rw-passage{padding:4px 8px 8px;font-size:13px;white-space:pre-wrap}",
    "#rag-widget mark{background:#ffe066;color:#1b1f24;border-bottom:2px solid #7a4a00;padding:0 1px}",
    "#rag-widget .rw-intro{color:#3d4149;margin:0 0 8px}",
    "#rag-widget .rw-starters{display:flex;flex-direction:column;align-items:flex-start;gap:6px;margin:0 0 12px}",
    "#rag-widget .rw-starter{background:#fff;color:#1c4f9c;border:1px solid #1c4f9c;border-radius:14px;padding:4px 10px;cursor:pointer;text-align:left}",
    "#rag-widget form{display:flex;gap:6px;border-top:1px solid #d5dbe2;padding:8px}",
    "#rag-widget textarea{flex:1;min-width:0;resize:none;height:44px;font:inherit;padding:6px;border:1px solid #8a94a0;border-radius:6px}",
    "#rag-widget form button{background:#1c4f9c;color:#fff;border:0;border-radius:6px;padding:0 14px;cursor:pointer}",
    "#rag-widget form button:disabled{opacity:.6;cursor:wait}",
    "#rag-widget :focus-visible{outline:2px solid #123a75;outline-offset:2px}",
    "@media (max-width:480px){#rag-widget{right:8px;left:8px;bottom:8px}#rag-widget .rw-panel{width:100%;max-width:none;height:calc(100vh - 76px);max-height:none}}"
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
  head.appendChild(el("h2", "", title));
  var close = el("button", "", "\u00d7");
  close.type = "button";
  close.setAttribute("aria-label", "Close");
  head.appendChild(close);
  var log = el("div", "rw-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("tabindex", "0");
  log.setAttribute("aria-label", "Conversation");
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

  function headers() {
    var result = { "Content-Type": "application/json" };
    if (apiKey) { result.Authorization = "Bearer " + apiKey; }
    return result;
  }

  var welcomed = false;
  function welcome() {
    if (welcomed) { return; }
    welcomed = true;
    var intro = log.appendChild(el("div", "rw-msg"));
    fetch(apiBase + "/v1/suggestions", { headers: headers() }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (body) {
      if (!body) { return; }
      intro.appendChild(el("p", "rw-intro", String(body.indexed || "")));
      var questions = Array.isArray(body.questions) ? body.questions : [];
      if (!questions.length) { return; }
      intro.appendChild(el("p", "rw-intro", "Try one of these:"));
      var list = intro.appendChild(el("div", "rw-starters"));
      questions.forEach(function (question) {
        var button = list.appendChild(el("button", "rw-starter", String(question)));
        button.type = "button";
        button.addEventListener("click", function () { ask(String(question)); });
      });
    }).catch(function () { /* the chat works without starters */ });
  }

  function setOpen(open) {
    root.classList.toggle("rw-open", open);
    toggle.setAttribute("aria-expanded", String(open));
    if (open) { welcome(); input.focus(); }
  }
  toggle.addEventListener("click", function () { setOpen(!root.classList.contains("rw-open")); });
  close.addEventListener("click", function () { setOpen(false); toggle.focus(); });
  if (script.getAttribute("data-open") === "true") { setOpen(true); }

  function message(className, speaker) {
    var box = el("div", "rw-msg " + className);
    box.appendChild(el("span", "rw-speaker", speaker));
    return log.appendChild(box);
  }

  function showStart(node) {
    // Keep the start of a new answer in view: a long answer is read from its first line, not its last.
    log.scrollTop = Math.max(0, node.offsetTop - log.offsetTop - 8);
  }

  function passage(text, spans) {
    var node = el("div", "rw-passage");
    var at = 0;
    (Array.isArray(spans) ? spans : []).slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (span) {
      var start = Math.max(at, Number(span[0]) || 0);
      var end = Math.min(text.length, Number(span[1]) || 0);
      if (end <= start) { return; }
      node.appendChild(document.createTextNode(text.slice(at, start)));
      node.appendChild(el("mark", "", text.slice(start, end)));
      at = end;
    });
    node.appendChild(document.createTextNode(text.slice(at)));
    return node;
  }

  function label(c) {
    var where = [c.section, c.page ? "p. " + c.page : ""].filter(Boolean).join(", ") || "Passage";
    var words = String(c.quote || c.text || "").split(/\s+/).filter(Boolean);
    var start = words.slice(0, 8).join(" ") + (words.length > 8 ? "\u2026" : "");
    return "[" + c.n + "] " + where + " \u00b7 \u201c" + start + "\u201d";
  }

  function renderAnswer(box, data) {
    turn += 1;
    var citations = Array.isArray(data.citations) ? data.citations : [];
    var cards = {};
    var sentences = Array.isArray(data.sentences) ? data.sentences : [];
    if (data.note) { box.appendChild(el("p", "rw-note", String(data.note))); }  // a caveat, read first
    if (data.abstained && sentences.length && data.reason) {  // a claim not stated in those words, then what comes closest
      box.appendChild(el("div", "rw-text rw-reason", String(data.reason)));
    }
    var text = box.appendChild(el("div", "rw-text"));
    if (!sentences.length) { text.textContent = String(data.answer || ""); }
    var papers = Object.create(null);  // citation number -> paper id
    citations.forEach(function (c) { papers[c.n] = String(c.doc_id || ""); });
    var paragraph = null;
    var paper = null;
    sentences.forEach(function (sentence) {
      var numbers = Array.isArray(sentence.citations) ? sentence.citations : [];
      var cited = numbers.length && numbers[0] in papers ? papers[numbers[0]] : paper;
      if (!paragraph || cited !== paper) {  // a paragraph per paper when the sentences come from several
        paragraph = text.appendChild(el("p", "rw-para"));
        paper = cited;
      }
      var first = !paragraph.childNodes.length;
      paragraph.appendChild(document.createTextNode((first ? "" : " ") + String(sentence.text || "")));
      numbers.forEach(function (n) {
        var link = paragraph.appendChild(el("button", "rw-cite", String(n)));
        link.type = "button";
        link.setAttribute("aria-label", "Source " + n);
        link.addEventListener("click", function () {
          var card = cards[n];
          if (!card) { return; }
          card.open = true;
          card.scrollIntoView({ block: "nearest" });
          card.querySelector("summary").focus();
        });
      });
    });
    if (!citations.length) { return; }
    var closest = data.abstained && !sentences.length;  // a refusal's closest passages, none quoted as an answer
    box.appendChild(el("p", "rw-sources-title", closest ? "Closest passages" : "Sources"));
    citations.forEach(function (c) {
      var card = box.appendChild(el("details", "rw-source"));
      card.id = "rw-src-" + turn + "-" + (Number(c.n) || 0);
      card.appendChild(el("summary", "", label(c)));
      card.appendChild(passage(String(c.text || ""), c.spans));
      if (c.title) { card.title = String(c.title); }
      cards[c.n] = card;
    });
  }

  function errorMessage(status, body) {
    var detail = body && body.error && body.error.message;
    return "Error " + status + ": " + (detail ? String(detail) : "the assistant could not answer");
  }

  function ask(question) {
    if (!question || send.disabled) { return; }
    var mine = message("rw-user", "You");
    mine.appendChild(el("div", "rw-text", question));
    input.value = "";
    send.disabled = true;
    var pending = log.appendChild(el("div", "rw-msg rw-pending", "\u2026"));
    showStart(mine);
    fetch(apiBase + "/v1/ask", {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ question: question, history: history.slice(-2 * MAX_TURNS) })
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        pending.remove();
        if (!response.ok || !body) {
          message("rw-error", "Study assistant").appendChild(el("div", "rw-text", errorMessage(response.status, body)));
          return;
        }
        var box = message("rw-answer" + (body.abstained ? " rw-abstained" : ""), "Study assistant");
        renderAnswer(box, body);
        showStart(mine);
        history.push({ role: "user", content: question }, { role: "assistant", content: String(body.answer || "") });
      });
    }).catch(function () {
      pending.remove();
      message("rw-error", "Study assistant").appendChild(el("div", "rw-text", "Network error: the assistant is unreachable."));
    }).then(function () {
      send.disabled = false;
      input.focus({ preventScroll: true });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    ask(input.value.trim());
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : send.click();
    }
  });
})();
