"""Text utilities every stage shares: word tokens (stop words, stemming), sentence boundaries,
acronyms defined in the corpus, in-text citation numbers, DOIs and control characters. Pure functions, no models."""
