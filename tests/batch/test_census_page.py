"""The app's census page opens from the navigation and asks for a batch result (the counting is tested above)."""

from streamlit.testing.v1 import AppTest

from tests.batch.conftest import ROOT


def test_the_census_page_opens_and_asks_for_a_result():
    at = AppTest.from_file(str(ROOT / "ui" / "app.py"), default_timeout=30)
    at.run()
    at.switch_page("views/census.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Pathway census"
    assert any("Upload a batch result" in i.value for i in at.info)
