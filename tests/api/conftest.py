"""The feature factories the API tests seed with: firms (tests/conftest.py), events and bulletins."""
from tests.bulletins.conftest import import_file, sample_bytes  # noqa: F401  (fixtures)
from tests.events.conftest import make_event  # noqa: F401  (fixture)
