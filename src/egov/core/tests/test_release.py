"""The release fingerprint follows what pages are made of, and nothing else."""

from egov.core.release import digest_of, fingerprint


def _tree(root):
    (root / "app" / "templates").mkdir(parents=True)
    (root / "app" / "tests").mkdir()
    (root / "locale").mkdir()
    (root / "app" / "views.py").write_text("LABEL = 'Đang xử lý'\n")
    (root / "app" / "templates" / "page.html").write_text("<p>{{ code }}</p>\n")
    (root / "locale" / "django.mo").write_bytes(b"\x00catalogue")
    (root / "app" / "tests" / "test_views.py").write_text("def test(): pass\n")
    (root / "notes.txt").write_text("notes\n")
    return root


def test_a_change_of_code_template_or_catalogue_changes_it(tmp_path):
    root = _tree(tmp_path)
    before = digest_of(root)
    assert digest_of(root) == before  # the same in every process
    for path, content in (
        ("app/views.py", "LABEL = 'Đã xử lý'\n"),
        ("app/templates/page.html", "<p>{{ code }}!</p>\n"),
        ("locale/django.mo", "\x00catalogue 2"),
    ):
        (root / path).write_text(content)
        assert digest_of(root) != before, path
        before = digest_of(root)


def test_tests_and_other_files_do_not_change_it(tmp_path):
    root = _tree(tmp_path)
    before = digest_of(root)
    (root / "app" / "tests" / "test_views.py").write_text("def test(): assert True\n")
    (root / "notes.txt").write_text("other notes\n")
    assert digest_of(root) == before


def test_the_application_has_one():
    assert fingerprint() == fingerprint() and len(fingerprint()) == 16
