"""Development settings: the embedded defaults with DEBUG on."""

from .base import *  # noqa: F403

DEBUG = True
WHITENOISE_USE_FINDERS = True
