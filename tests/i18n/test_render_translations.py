"""The translations and the number separator each render binds once (core.formatting's context
processor): the same strings, plurals, escaping and numbers as Flask-Babel's own callables, in
the language of the render (a mail under ``force_locale`` too), and in imported macros."""
from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale

PAGE = ('{{ _("Model") }}|{{ ngettext("%(num)s day", "%(num)s days", 3) }}|{{ _("No model matches “%(q)s”.", q="<b>") }}'
        '|{{ 12345|number }}|{% trans %}Model{% endtrans %}')


def test_a_render_in_vietnamese_translates_plurals_escapes_and_groups_numbers(app):
    with app.test_request_context("/"), force_locale("vi"):
        assert render_template_string(PAGE) == ("Mô hình|3 ngày|Không có mô hình nào khớp với “&lt;b&gt;”.|12.345|Mô hình")


def test_a_render_under_another_language_binds_that_language(app):
    with app.test_request_context("/"):
        with force_locale("en"):
            english = render_template_string(PAGE)
        with force_locale("vi"):
            vietnamese = render_template_string("{{ _('Model') }}")
    assert english == "Model|3 days|No model matches “&lt;b&gt;”.|12,345|Model"
    assert vietnamese == "Mô hình"


def test_macros_imported_without_context_translate_the_same(app):
    with app.test_request_context("/"), force_locale("vi"):
        html = render_template_string('{% macro m() %}{{ _("Model") }}{% endmacro %}{{ m() }}|{% from "_pager.html" '
                                      'import pager %}{{ _("Type part of the name") }}')
    assert html == "Mô hình|Gõ một phần tên"
