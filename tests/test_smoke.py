def test_fixture_tree_builds(local_page, edmonton):
    assert local_page.live
    assert local_page.master.uses.count() == 2
    assert local_page.clinic.specific.title == "Calgary clinic"
    assert local_page.overridden_fields == ["price", "practitioners"]
    assert local_page.summary == local_page.master.summary
