import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Burndowns are cached by the board's items version; each test starts with none."""
    cache.clear()
    yield
    cache.clear()
