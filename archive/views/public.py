"""Public pages of the archive, without login: the verification of a signed letter (reached from its QR code),
the CA certificates to trust, and the tracking of an incoming letter by the code on its sender's receipt. They
show what archive.services.verification and archive.selectors.tracking allow and nothing else, and are rate
limited against guessing codes and against heavy uploads."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from archive import random_codes, ratelimit
from archive.models import SigningAuthority
from archive.selectors.tracking import letter_tracking
from archive.services.verification import letter_verification, upload_verdict

MAX_UPLOAD = 20 * 1024 * 1024
LOOKUPS = (120, 600)  # requests per 10 minutes per address
UNKNOWN = (15, 600)  # codes that match nothing: past this, every lookup waits
UPLOADS = (15, 600)


class UploadForm(forms.Form):
    berkas = forms.FileField(label=gettext_lazy("Berkas PDF surat"))

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Berkas melebihi 20 MB."))
        return upload


def too_many(request) -> HttpResponse:
    response = render(request, "archive/public/too_many.html", status=429)
    response["Retry-After"] = "600"
    return response


def _guessing(request, scope: str = "verify") -> bool:
    """Whether the client already tried too many codes that match nothing in this window."""
    return ratelimit.count(request, scope=f"{scope}-unknown", window=UNKNOWN[1]) >= UNKNOWN[0]


@require_GET
def verification_index(request):
    code = "".join(request.GET.get("kode", "").split()).upper()
    if code:
        return redirect("archive_public:verification", code=code[:32])
    return render(request, "archive/public/verify_index.html")


@require_http_methods(["GET", "POST"])
def verification(request, code: str):
    if _guessing(request) or not ratelimit.allow(request, scope="verify", limit=LOOKUPS[0], window=LOOKUPS[1]):
        return too_many(request)
    found = letter_verification(code=code[:32])
    if found is None:
        ratelimit.allow(request, scope="verify-unknown", limit=UNKNOWN[0], window=UNKNOWN[1])
        return render(request, "archive/public/verify_unknown.html", {"code": code[:32]}, status=404)
    form, verdict = UploadForm(), None
    if request.method == "POST":
        if not ratelimit.allow(request, scope="verify-upload", limit=UPLOADS[0], window=UPLOADS[1]):
            return too_many(request)
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            verdict = upload_verdict(code=found.code, data=form.cleaned_data["berkas"].read())
    context = {"letter": found, "form": form, "verdict": verdict}
    return render(request, "archive/public/verify.html", context)


@require_GET
def authority_certificates(request):
    """The office's CA certificates (PEM), to add to a PDF reader's trusted certificates."""
    pems = SigningAuthority.objects.order_by("created_at").values_list("certificate_pem", flat=True)
    response = HttpResponse("".join(pems), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="ca-tte.pem"'
    return response


@require_GET
def tracking_index(request):
    code = random_codes.normalise(request.GET.get("kode", ""))
    if code:
        return redirect("archive_public:tracking", code=code)
    return render(request, "archive/public/track_index.html")


@require_GET
def tracking(request, code: str):
    """Where the letter with this receipt code is; a code that matches nothing counts towards the guessing limit."""
    if _guessing(request, "track") or not ratelimit.allow(request, scope="track", limit=LOOKUPS[0], window=LOOKUPS[1]):
        return too_many(request)
    found = letter_tracking(code=code)
    if found is None:
        ratelimit.allow(request, scope="track-unknown", limit=UNKNOWN[0], window=UNKNOWN[1])
        context = {"code": random_codes.normalise(code)}
        return render(request, "archive/public/track_unknown.html", context, status=404)
    response = render(request, "archive/public/track.html", {"tracking": found})
    response["Cache-Control"] = "no-store"
    return response
