"""Users for tests: admin access plus exactly the model permissions a test names."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission


def make_user(django_user_model=None, username: str = "petugas", *codenames: str):
    """Create a user who may enter the Wagtail admin and holds the given permission codenames."""
    model = django_user_model or get_user_model()
    user = model.objects.create_user(username, password="sandi-uji")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user
