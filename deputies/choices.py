from django.db import models
from django.utils.translation import gettext_lazy as _


class DeputyLevel(models.TextChoices):
    NATIONAL = "national", _("全国人大代表")
    PROVINCIAL = "provincial", _("省人大代表")
    CITY = "city", _("设区的市人大代表")
    COUNTY = "county", _("县（市、区）人大代表")
    TOWNSHIP = "township", _("乡镇人大代表")


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class DeputyStatus(models.TextChoices):
    SERVING = "serving", _("在任")
    RESIGNED = "resigned", _("辞职")
    TERMINATED = "terminated", _("终止代表资格")
    DECEASED = "deceased", _("去世")
