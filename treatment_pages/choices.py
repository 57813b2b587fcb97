"""A field's choice label, without Django's cost of building the choices each time.

``get_FOO_display()`` turns every choice of the field into a hashable value on
each call, which translates every lazy label (one ``gettext`` per choice); a
listing of 20 explainers calls it hundreds of times. :func:`choice_label`
keeps each field's ``{value: label}``, and each label as translated into each
language (catalogues are loaded once per process and never change while it
runs).
"""

from functools import cache

from django.utils.translation import get_language


@cache
def _labels(field):
    return dict(field.flatchoices)


@cache
def _translated(field, value, language):
    label = _labels(field).get(value)
    return value if label is None else str(label)


def choice_label(instance, name):
    """What ``instance.get_<name>_display()`` returns, in the active language."""
    field = instance._meta.get_field(name)
    value = getattr(instance, field.attname)
    return _translated(field, value, get_language())
