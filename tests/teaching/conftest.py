"""The bundled teaching cases, loaded once for the teaching tests (the knowledge base comes from tests/)."""

import pytest

from decision.teaching import load_cases


@pytest.fixture(scope="session")
def cases(kb):
    return load_cases(kb)
