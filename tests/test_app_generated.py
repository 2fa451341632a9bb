"""The Streamlit chat with a model configured (a stand-in OpenAI-compatible server on loopback): a switch
between generated and quoted answers, each generated sentence's verdict shown, the check's note shown."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from rag import Assistant, Settings
from tests.standin_llm import standin_server
from tests.test_app import reply_html

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]
QUESTION = "Which treatments are MSC-EVs linked to resistance to?"
STAND_IN = (
    "MSC-EVs are associated with resistance to radiotherapy, chemotherapy, targeted therapy, immunotherapy and "
    "endocrinotherapy [1]. MSC-EVs cure most cancers within two weeks of a single injection [1]."
)


def test_the_page_switches_between_generated_and_quoted_answers(tmp_path: Path) -> None:
    with Assistant(Settings(data_dir=tmp_path, corpus_dir=REPO / "corpus")) as assistant:
        assistant.ingest()
    with standin_server(lambda messages: STAND_IN) as server, pytest.MonkeyPatch.context() as patch:
        for name, value in {
            "RAG_DATA_DIR": str(tmp_path),
            "RAG_CORPUS_DIR": str(REPO / "corpus"),
            "RAG_ANSWERER": "openai",
            "RAG_LLM_MODEL": "standin",
            "RAG_LLM_BASE_URL": server.base_url,
        }.items():
            patch.setenv(name, value)
        st.cache_resource.clear()
        try:
            app = AppTest.from_file(str(REPO / "app.py"), default_timeout=180).run()
            assert not app.exception and app.toggle(key="generated").value is True
            assert server.requests == []  # checking the starter questions asked no model
            app.chat_input[0].set_value(QUESTION).run()
            generated = reply_html(app)
            assert "rag-verdict rag-supported" in generated and "checked against the text" in generated
            assert "cure most cancers" not in generated
            assert generated.index("1 of 2 generated sentences were removed") < generated.index("checked against")
            app.toggle(key="generated").set_value(False).run()
            app.chat_input[0].set_value(QUESTION).run()
            quoted = reply_html(app)
            assert 'class="rag-cite"' in quoted and "rag-verdict" not in quoted
            assert len(server.requests) == 1 and app.session_state["messages"][-1]["answer"].mode == "extractive"
        finally:
            st.cache_resource.clear()  # closes the Assistant: releases the store lock
