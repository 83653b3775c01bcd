"""The office's organisation: units in a tree, positions (jabatan) and who holds them, acting holders (Plt) included."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """A unit of the office (Dinas, Sekretariat, Bidang, Seksi, Subbagian, UPTD) under its parent unit."""

    class Kind(models.TextChoices):
        DINAS = "dinas", _("dinas")
        SEKRETARIAT = "sekretariat", _("sekretariat")
        BIDANG = "bidang", _("bidang")
        SEKSI = "seksi", _("seksi")
        SUBBAGIAN = "subbagian", _("subbagian")
        UPTD = "uptd", _("UPTD")

    name = models.CharField(_("nama"), max_length=200)
    # Locally assigned, numeric ("427.43") or letters ("PIAK"); it goes into outgoing letter numbers.
    code = models.CharField(_("kode unit"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("unit induk"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name

    def clean(self) -> None:
        # Walking up from the chosen parent must never come back here, or the tree becomes a loop.
        seen, node = set(), self.parent
        while node is not None:
            if node.pk == self.pk or node.pk in seen:
                raise ValidationError({"parent": _("Unit induk tidak boleh unit ini sendiri atau bawahannya.")})
            seen.add(node.pk)
            node = node.parent


class Position(models.Model):
    """A post (jabatan) in a unit; ``parent`` is the superior post dispositions and approvals go up to."""

    class Kind(models.TextChoices):
        KEPALA_DINAS = "kepala_dinas", _("Kepala Dinas")
        SEKRETARIS = "sekretaris", _("Sekretaris")
        KABID = "kabid", _("Kepala Bidang")
        KASI = "kasi", _("Kepala Seksi")
        KASUBAG = "kasubag", _("Kepala Subbagian")
        STAF = "staf", _("staf")
        OPERATOR = "operator", _("operator")

    title = models.CharField(_("nama jabatan"), max_length=200)
    kind = models.CharField(_("jenis jabatan"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="positions")
    # Lower ranks come first when positions are listed (Kepala Dinas 10, Sekretaris 20, Kabid 30 ...).
    rank = models.PositiveSmallIntegerField(_("urutan"), default=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("atasan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
    )
    email = models.EmailField(_("surel jabatan"), blank=True)
    # How the post is named above a signature when its title alone is too short ("Kepala Dinas Kependudukan dan
    # Pencatatan Sipil" for the post titled "Kepala Dinas").
    signature_title = models.CharField(
        _("sebutan jabatan pada tanda tangan"),
        max_length=300,
        blank=True,
        help_text=_("Kosongkan untuk memakai nama jabatan."),
    )

    class Meta:
        ordering = ["rank", "title"]
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")

    def __str__(self) -> str:
        return self.title

    @property
    def signing_title(self) -> str:
        return self.signature_title or self.title

    def clean(self) -> None:
        seen, node = set(), self.parent
        while node is not None:
            if node.pk == self.pk or node.pk in seen:
                raise ValidationError({"parent": _("Atasan tidak boleh jabatan ini sendiri atau bawahannya.")})
            seen.add(node.pk)
            node = node.parent


# Posts held by several people at once; every other post has one definitive holder and at most one Plt at a time.
SHARED_KINDS = {Position.Kind.STAF, Position.Kind.OPERATOR}


class PositionHolder(models.Model):
    """A person in a post for a period; ``acting`` marks a Plt, who exercises the post during the period."""

    position = models.ForeignKey(Position, verbose_name=_("jabatan"), on_delete=models.CASCADE, related_name="holders")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), on_delete=models.PROTECT, related_name="position_holds"
    )
    start = models.DateField(_("mulai"))
    end = models.DateField(_("sampai"), null=True, blank=True, help_text=_("Kosongkan bila masih menjabat."))
    acting = models.BooleanField(_("Plt"), default=False, help_text=_("Pelaksana tugas untuk periode ini."))

    class Meta:
        ordering = ["position__rank", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="holder_end_not_before_start"
            )
        ]
        verbose_name = _("pemangku jabatan")
        verbose_name_plural = _("pemangku jabatan")

    def __str__(self) -> str:
        label = f"{self.user} — {self.position}"
        return f"Plt. {label}" if self.acting else label

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("Tanggal akhir tidak boleh sebelum tanggal mulai.")})
        if self.position_id and self.start and self.position.kind not in SHARED_KINDS and self._overlapping().exists():
            raise ValidationError(
                _("Periode ini bertumpang tindih dengan pemangku %(kind)s lain pada jabatan yang sama.")
                % {"kind": _("Plt") if self.acting else _("definitif")}
            )

    def _overlapping(self) -> models.QuerySet:
        """Holders of the same kind (definitive or Plt) of this post whose period meets this one."""
        others = PositionHolder.objects.filter(position_id=self.position_id, acting=self.acting).exclude(pk=self.pk)
        others = others.filter(Q(end__isnull=True) | Q(end__gte=self.start))
        return others.filter(start__lte=self.end) if self.end else others
