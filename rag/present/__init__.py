"""Present answers to people: safe Markdown for the chat (`render`), the downloadable conversation
(`transcript`), starter questions (`suggest`) and thumbs feedback (`feedback`)."""
