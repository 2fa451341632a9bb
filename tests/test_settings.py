from pathlib import Path

import pytest
from pydantic import ValidationError

from rag import Assistant, ConfigError, Settings
from rag.settings import load_settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented_in_the_readme(name: str) -> None:
    assert f"`RAG_{name.upper()}`" in README


def test_settings_come_from_rag_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_TOP_K", "7")
    monkeypatch.setenv("RAG_CHROMA_HOST", "127.0.0.1")
    settings = Settings()
    assert settings.top_k == 7 and settings.store_kind == "http"


def test_settings_are_frozen_and_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError):
        Settings().top_k = 3  # type: ignore[misc]
    monkeypatch.setenv("RAG_TOP_K", "0")
    with pytest.raises(ValidationError):
        Settings()


def test_a_wrong_value_is_a_config_error_naming_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_TOP_K", "0")
    monkeypatch.setenv("RAG_MIN_EVIDENCE", "high")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith("invalid settings: ") and "RAG_TOP_K='0': " in message
    assert "RAG_MIN_EVIDENCE='high': " in message and "\n" not in message
    with pytest.raises(ConfigError):
        Assistant()  # the Python API reads the environment the same way
