from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import SCOPE_PREFIX_LENGTH, RegionLevel


class Region(models.Model):
    """An administrative division with its GB/T 2260 code (9 digits for townships)."""

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=16, choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        indexes = [
            # Scoping filters by code prefix (LIKE '3301%'); PostgreSQL needs
            # pattern ops for that to use an index.
            models.Index(fields=["code"], name="region_code_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_prefix(self) -> str:
        """The code prefix shared by this region and every region below it."""
        return self.code[: SCOPE_PREFIX_LENGTH[RegionLevel(self.level)]]

    def contains(self, other: "Region") -> bool:
        return other.code.startswith(self.scope_prefix)

    def ancestors(self) -> list["Region"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    @property
    def full_name(self) -> str:
        return "".join(r.name for r in [*self.ancestors(), self])
