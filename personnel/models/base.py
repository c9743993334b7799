from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusEvent(models.Model):
    """One step in the history of a record: who moved it, when, from which status to which.

    Steps that record facts without changing the status (an exam score, paper
    ballot totals) are kept too, with the same status on both sides.
    """

    status_choices: type[models.TextChoices]

    occurred_at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    from_status = models.CharField(_("原状态"), max_length=32, blank=True)
    to_status = models.CharField(_("新状态"), max_length=32)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        abstract = True
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_label} → {self.to_label}"

    def _label(self, value: str) -> str:
        return str(dict(self.status_choices.choices).get(value, value)) if value else ""

    @property
    def from_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)

    @property
    def is_transition(self) -> bool:
        return self.from_status != self.to_status
