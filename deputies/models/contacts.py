from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import RegionScopedModel

from ..choices import ContactKind, ContactWay


class Contact(RegionScopedModel):
    """A dual-contact record (双联): a committee member with a deputy, or a deputy with residents."""

    region_lookup = "deputy__region"
    owner_lookup = "deputy__person__user"

    kind = models.CharField(_("联系类型"), max_length=20, choices=ContactKind.choices)
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("代表"), related_name="contacts", on_delete=models.CASCADE
    )
    counterpart = models.CharField(_("联系对象"), max_length=100, help_text=_("常委会组成人员姓名，或所联系群众、单位"))
    contacted_on = models.DateField(_("联系日期"), db_index=True)
    way = models.CharField(_("联系方式"), max_length=16, choices=ContactWay.choices)
    topic = models.CharField(_("主题"), max_length=200)
    outcome = models.TextField(_("成效"), blank=True)

    class Meta:
        verbose_name = _("双联记录")
        verbose_name_plural = _("双联记录")
        ordering = ["-contacted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.topic}"
