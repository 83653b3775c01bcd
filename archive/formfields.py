"""Form fields shared by the archive's screens."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

ID_RANGE = range(-(2**63), 2**63)  # what a database integer column holds


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, with an id past the database's integer range refused as an invalid choice (SQLite's driver
    raises OverflowError on it in an ``__in`` lookup, which Django's field does not catch)."""

    def _check_values(self, value):  # noqa: ANN001, ANN202
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                number = int(str(pk))
            except ValueError:
                continue  # Django's own check names it
            if number not in ID_RANGE:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
