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


class SectorClass(models.TextChoices):
    """代表构成类别, as counted in the congresses' composition statistics."""

    WORKER = "worker", _("工人")
    FARMER = "farmer", _("农民")
    PROFESSIONAL = "professional", _("专业技术人员")
    CIVIL_SERVANT = "civil_servant", _("党政机关干部")
    MILITARY = "military", _("解放军和武警")
    ENTERPRISE = "enterprise", _("企业负责人")
    OTHER = "other", _("其他")


class PoliticalAffiliation(models.TextChoices):
    CPC = "cpc", _("中共党员")
    CPC_PROBATIONARY = "cpc_probationary", _("中共预备党员")
    CYL = "cyl", _("共青团员")
    RCCK = "rcck", _("民革党员")
    CDL = "cdl", _("民盟盟员")
    CNDCA = "cndca", _("民建会员")
    CAPD = "capd", _("民进会员")
    CPWDP = "cpwdp", _("农工党党员")
    CZGP = "czgp", _("致公党党员")
    JS = "jiusan", _("九三学社社员")
    TDSGL = "tdsgl", _("台盟盟员")
    NON_PARTY = "non_party", _("无党派人士")
    MASSES = "masses", _("群众")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("博士研究生")
    MASTER = "master", _("硕士研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    SECONDARY = "secondary", _("中专或高中")
    JUNIOR = "junior", _("初中及以下")


# The 56 ethnic groups in the order of GB/T 3304.
ETHNICITIES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]


class GroupKind(models.TextChoices):
    GROUP = "group", _("代表小组")
    CENTRAL = "central", _("代表中心组")
    PROFESSION = "profession", _("专业编组")
    INDUSTRY = "industry", _("行业编组")
    SECTOR = "sector", _("产业编组")
    TASK_TEAM = "task_team", _("“三跨”任务组")
    JOINT = "joint", _("上下级联合小组")


class MembershipRole(models.TextChoices):
    LEADER = "leader", _("组长")
    CONVENER = "convener", _("召集人")
    DEPUTY_LEADER = "deputy_leader", _("副组长")
    MEMBER = "member", _("成员")


class ContactKind(models.TextChoices):
    COMMITTEE_DEPUTY = "committee_deputy", _("常委会组成人员联系代表")
    DEPUTY_RESIDENT = "deputy_resident", _("代表联系群众")


class ContactWay(models.TextChoices):
    VISIT = "visit", _("走访")
    MEETING = "meeting", _("座谈")
    PHONE = "phone", _("电话")
    ONLINE = "online", _("网络")
    STATION = "station", _("进站接待")
    OTHER = "other", _("其他")


class TrainingClass(models.TextChoices):
    INITIAL = "initial", _("初任培训")
    THEMATIC = "thematic", _("专题培训")
    CAPACITY = "capacity", _("履职能力培训")
    CLASSIFIED = "classified", _("分类培训")
    ONLINE = "online", _("网络培训")


class ActivityKind(models.TextChoices):
    RESEARCH = "research", _("调研")
    INSPECTION = "inspection", _("视察")
    FORUM = "forum", _("座谈")
    RECEPTION = "reception", _("进站接待")
    TRAINING = "training", _("培训")
    OTHER = "other", _("其他")


class CheckInMethod(models.TextChoices):
    DEPUTY_CODE = "deputy_code", _("代表码")
    LOGIN = "login", _("登录签到")
    STAFF = "staff", _("工作人员登记")
