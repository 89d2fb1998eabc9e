import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Burndowns are cached by the board's history stamp; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request in Russian leaves Russian active in this thread (LocaleMiddleware activates, nothing deactivates), and
    the next test's services would then refuse in Russian: each test ends in the site's language."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
