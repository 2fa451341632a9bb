"""Thin adapters over `rag.Assistant`: the command line (`cli`), the HTTP API (`api/`) and a LangChain
retriever (`langchain_retriever`). The Streamlit chat (`app.py`) and `eval/` sit outside the package."""
