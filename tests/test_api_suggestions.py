"""`GET /v1/suggestions`: the chat page's starter questions for the widget (and any portal)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from rag import Assistant
from rag.adapters.api import create_app

pytestmark = pytest.mark.integration


def test_suggestions_are_the_pages_starters_with_what_is_indexed(review_assistant: Assistant) -> None:
    with TestClient(create_app(review_assistant.settings, assistant=review_assistant)) as client:
        body = client.get("/v1/suggestions").json()
        again = client.get("/v1/suggestions").json()
    assert 4 <= len(body["questions"]) <= 6 and body == again
    assert all(not review_assistant.ask(q).abstained for q in body["questions"])
    assert body["indexed"].startswith("I answer from “") and "not the full text" in body["indexed"]
    assert (review_assistant.settings.data_dir / "suggestions.json").is_file()  # shared with the chat page
