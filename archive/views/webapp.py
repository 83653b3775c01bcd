"""The admin as an app on a phone's home screen: the web app manifest and a service worker.

The service worker only lets the browser install the app and shows a plain offline page when the network is gone;
it caches no page and no file of the archive (they are behind the access rule and change all the time).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

THEME = "#1d5c63"


@require_GET
@cache_control(public=True, max_age=3600)
def manifest(request):
    name = getattr(settings, "WAGTAIL_SITE_NAME", "Naskah")
    data = {
        "name": name,
        "short_name": name[:12],
        "description": "Surat masuk, disposisi, surat keluar dan arsip dinas.",
        "lang": settings.LANGUAGE_CODE,
        "start_url": reverse("wagtailadmin_home"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [
            {"src": static("archive/icons/naskah-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("archive/icons/naskah-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("archive/icons/naskah-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    script = render_to_string("archive/webapp/sw.js", {"offline_url": reverse("webapp_offline")})
    response = HttpResponse(script, content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request):
    html = render_to_string("archive/webapp/offline.html", {"site_name": getattr(settings, "WAGTAIL_SITE_NAME", "")})
    return HttpResponse(html)
