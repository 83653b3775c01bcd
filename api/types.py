"""Input types shared by the endpoints, strict enough that the schema says exactly what is accepted."""

import datetime
import re
from typing import Annotated

from pydantic import BeforeValidator

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_only(value):
    """Take a date written YYYY-MM-DD (or a date); refuse numbers, which pydantic would read as Unix times."""
    if isinstance(value, datetime.date) or (isinstance(value, str) and ISO_DATE.match(value)):
        return value
    raise ValueError("a date written YYYY-MM-DD")


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]
