"""Forms: shape only; related choices stop at the user's jurisdiction (core.forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm, ScopedModelForm

from .images import MAX_IMAGE_BYTES
from .models import Brand, BrandInstruction, BrandPublication, KeyDate, Post

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _NoTownshipMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            self.fields["region"].queryset = self.fields["region"].queryset.exclude(level="township")


class PostForm(_NoTownshipMixin, ScopedModelForm):
    external_url = forms.URLField(label=_("外部链接"), required=False, assume_scheme="https")
    clear_cover = forms.BooleanField(label=_("删除封面图"), required=False)

    class Meta:
        model = Post
        fields = [
            "title",
            "theme",
            "region",
            "channel",
            "planned_date",
            "key_date",
            "byline",
            "summary",
            "body",
            "cover_image",
            "featured_deputies",
            "featured_stations",
            "featured_campaigns",
            "external_url",
        ]
        widgets = {
            "planned_date": DATE,
            "body": forms.Textarea(attrs={"rows": 18, "data-rich-editor": "true"}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "cover_image": forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
            "featured_deputies": forms.SelectMultiple(attrs={"size": 8}),
            "featured_stations": forms.SelectMultiple(attrs={"size": 6}),
            "featured_campaigns": forms.SelectMultiple(attrs={"size": 4}),
        }
        help_texts = {
            "body": _("可使用工具栏设置格式、插入链接和图片；脚本、样式和外部图片会被自动清除。"),
            "cover_image": _("JPEG、PNG、GIF 或 WebP，不超过 5 MB。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["featured_deputies"].queryset = self.fields["featured_deputies"].queryset.select_related("person")
        self.fields["region"].initial = self.fields["region"].initial or getattr(self.user, "region_id", None)
        if not (self.instance.pk and self.instance.cover_image):
            del self.fields["clear_cover"]

    def clean_cover_image(self):
        image = self.cleaned_data.get("cover_image")
        if image and getattr(image, "size", 0) > MAX_IMAGE_BYTES:
            raise forms.ValidationError(_("图片不能超过 5 MB。"))
        return image


class PostNoteForm(ActionForm):
    """A workflow step with an optional note; ``confirm`` asks before the button submits."""

    note = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirm = ""


class PostReturnForm(ActionForm):
    # Required by the service, which says why on the form.
    note = forms.CharField(label=_("修改意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirm = ""


class PostUnpublishForm(PostNoteForm):
    confirm = _("撤回后公众将无法访问这篇稿件，确定吗？")


class PostScheduleForm(ActionForm):
    publish_at = forms.DateTimeField(
        label=_("定时发布时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    note = forms.CharField(label=_("意见"), required=False)
    confirm = ""


class PostViewsForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE)
    views = forms.IntegerField(label=_("阅读量"), min_value=0)


class ViewsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"), help_text=_("列：稿件编号、日期、阅读量。同一稿件同一天再次导入会更新。")
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的文件。"))
        return upload


class ImageUploadForm(forms.Form):
    image = forms.FileField(label=_("图片"))


class KeyDateForm(_NoTownshipMixin, ScopedModelForm):
    class Meta:
        model = KeyDate
        fields = ["date", "title", "kind", "region", "series_title", "theme", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 3})}


class BrandForm(_NoTownshipMixin, ScopedModelForm):
    class Meta:
        model = Brand
        fields = ["name", "kind", "region", "year", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}


class BrandPublicationForm(forms.ModelForm):
    url = forms.URLField(label=_("链接"), required=False, assume_scheme="https")

    class Meta:
        model = BrandPublication
        fields = ["outlet", "outlet_level", "kind", "issue", "date", "url"]
        widgets = {"date": DATE}


class BrandInstructionForm(forms.ModelForm):
    class Meta:
        model = BrandInstruction
        fields = ["leader_name", "leader_title", "date", "content"]
        widgets = {"date": DATE, "content": forms.Textarea(attrs={"rows": 3})}
