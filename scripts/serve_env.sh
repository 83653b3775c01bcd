# The environment scripts/up.sh serves with (sourced, also by the tests): production settings, so DEBUG is off,
# unless the caller asks for others (DJANGO_SETTINGS_MODULE=naskah.settings.dev for development).
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-naskah.settings.production}"
