from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    """The six themes of the "六个60" publicity series."""

    DUTY = "duty", _("履职尽责")
    CAMPAIGN = "campaign", _("主题活动")
    STATION = "station", _("站点故事")
    VOICE = "voice", _("为民代言")
    EXAMPLE = "example", _("代表工作范例")
    DEMOCRACY = "democracy", _("基层民主实践")


class Channel(models.TextChoices):
    OFFICIAL_ACCOUNT = "official_account", _("微信公众号")
    MAGAZINE = "magazine", _("杂志")
    WEBSITE = "website", _("门户网站")
    NEWSPAPER = "newspaper", _("报纸")
    VIDEO = "video", _("视频号")
    OTHER = "other", _("其他")


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("待审核")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已审核")
    SCHEDULED = "scheduled", _("已排期")
    PUBLISHED = "published", _("已发布")


class PostAction(models.TextChoices):
    """The workflow steps a user can take on a post (one service each); declared in publicity.workflow."""

    SUBMIT = "submit", _("提交审核")
    APPROVE = "approve", _("审核通过")
    RETURN = "return", _("退回修改")
    SCHEDULE = "schedule", _("排期发布")
    PUBLISH = "publish", _("立即发布")
    UNPUBLISH = "unpublish", _("撤回发布")


class KeyDateKind(models.TextChoices):
    SESSION = "session", _("会议")
    ANNIVERSARY = "anniversary", _("纪念日")
    FESTIVAL = "festival", _("节日")
    CAMPAIGN = "campaign", _("活动节点")
    OTHER = "other", _("其他")


class BrandKind(models.TextChoices):
    PROVINCIAL_BRAND = "provincial_brand", _("省级工作品牌")
    LOCAL_EXPERIENCE = "local_experience", _("市县工作经验")


class PublicationKind(models.TextChoices):
    PUBLISHED = "published", _("刊发")
    ENDORSED = "endorsed", _("推广肯定")
    EXCHANGED = "exchanged", _("交流发言")


class OutletLevel(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    OTHER = "other", _("其他")
