"""Forms: shape only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TestIdMixin

from .choices import VoteChoice
from .models import LivelihoodCandidate, LivelihoodProposal


class LivelihoodProposalForm(TestIdMixin, forms.ModelForm):
    class Meta:
        model = LivelihoodProposal
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user=None, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_test_ids()


class CandidateForm(TestIdMixin, forms.ModelForm):
    sources = forms.ModelMultipleChoiceField(label=_("归并代表提出的项目"), queryset=None, required=False)

    class Meta:
        model = LivelihoodCandidate
        fields = ["title", "description", "department", "budget"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = LivelihoodProposal.objects.visible_to(user).filter(
            call=obj, candidate__isnull=True
        )
        self._add_test_ids()


class VoteOpenForm(TestIdMixin, forms.Form):
    places = forms.IntegerField(label=_("票决项目数"), min_value=1)
    quorum_percent = forms.IntegerField(label=_("有效投票比例（%）"), min_value=1, max_value=100, initial=50)
    pass_percent = forms.IntegerField(label=_("通过所需赞成票比例（%）"), min_value=0, max_value=99, initial=50)

    def __init__(self, *args, user=None, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_test_ids()


class BallotForm(TestIdMixin, forms.Form):
    """One for / against / abstain choice per candidate."""

    def __init__(self, *args, user=None, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        for candidate in obj.candidates.all():
            self.fields[f"candidate_{candidate.pk}"] = forms.ChoiceField(
                label=candidate.title, choices=VoteChoice.choices, widget=forms.RadioSelect
            )
        self._add_test_ids()


class ProgressForm(TestIdMixin, forms.Form):
    reported_on = forms.DateField(label=_("报告日期"), widget=forms.DateInput(attrs={"type": "date"}))
    percent = forms.IntegerField(label=_("完成进度（%）"), min_value=0, max_value=100)
    content = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_test_ids()
