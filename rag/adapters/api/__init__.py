"""HTTP adapter: REST (`/v1/ask`, `/v1/search`), OpenAI-compatible chat, keys, limits, CORS, widget;
every text it sends is inert (`inert`), and uvicorn's own parse errors are JSON too (`protocol`).

from rag.adapters.api import create_app
app = create_app(load_settings())  # or: python -m rag serve
"""

from rag.adapters.api.app import create_app
from rag.adapters.api.server import serve_command

__all__ = ["create_app", "serve_command"]
