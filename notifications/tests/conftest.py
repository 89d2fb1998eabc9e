from boards.tests.conftest import client_for  # noqa: F401 - the fixture, for these tests too
