"""Present answers to people: escaped HTML for the chat page (`render`, `page`, `sidebar`), the downloadable
conversation (`transcript`), starter and related questions (`suggest`), thumbs feedback (`feedback`), papers
added from the page (`uploads`), long questions (`paste`) and loading in the background (`warmup`)."""
