/* The chat page's behaviour (a fixed script: it never contains corpus or user text).
 * 1. A live region that exists before any answer, announcing each new answer to screen readers.
 * 2. A citation link opens its source card, scrolls to it and moves the focus there. */
(function () {
  "use strict";
  if (window.__ragChat) { return; }
  window.__ragChat = true;

  var live = document.createElement("div");
  live.id = "rag-announcer";
  live.className = "rag-sr-only";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  document.body.appendChild(live);

  var seen = {};
  function answerText(answer) {
    var first = answer.querySelector("p");
    if (!first) { return ""; }
    var copy = first.cloneNode(true);
    copy.querySelectorAll("a.rag-cite").forEach(function (a) { a.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }
  function announce() {
    document.querySelectorAll(".rag-answer[data-turn]").forEach(function (answer) {
      var turn = answer.getAttribute("data-turn");
      if (seen[turn]) { return; }
      seen[turn] = true;
      live.textContent = "New answer: " + answerText(answer);
    });
  }
  document.querySelectorAll(".rag-answer[data-turn]").forEach(function (a) { seen[a.getAttribute("data-turn")] = true; });
  new MutationObserver(announce).observe(document.body, { childList: true, subtree: true });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.rag-cite") : null;
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    event.preventDefault();
    var card = target.closest("details");
    if (card) { card.open = true; }
    target.focus({ preventScroll: true });
    (card || target).scrollIntoView({ block: "start" });  // the card's label and its passage, below the header
  });
})();
