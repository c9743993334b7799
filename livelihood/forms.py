"""Forms: shape only; the services decide. Each is the form of one workflow step on its ``target``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm, TestIdMixin

from .choices import VoteChoice
from .models import LivelihoodCandidate, LivelihoodProposal


class LivelihoodProposalForm(TestIdMixin, forms.ModelForm):
    class Meta:
        model = LivelihoodProposal
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user=None, target=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_test_ids()


class CandidateForm(TestIdMixin, forms.ModelForm):
    sources = forms.ModelMultipleChoiceField(label=_("归并代表提出的项目"), queryset=None, required=False)

    class Meta:
        model = LivelihoodCandidate
        fields = ["title", "description", "department", "budget"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, target=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = LivelihoodProposal.objects.visible_to(user).filter(
            call=target, candidate__isnull=True
        )
        self._add_test_ids()


class VoteOpenForm(TestIdMixin, ActionForm):
    places = forms.IntegerField(label=_("票决项目数"), min_value=1)
    quorum_percent = forms.IntegerField(label=_("有效投票比例（%）"), min_value=1, max_value=100, initial=50)
    pass_percent = forms.IntegerField(label=_("通过所需赞成票比例（%）"), min_value=0, max_value=99, initial=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_test_ids()


class BallotForm(TestIdMixin, ActionForm):
    """One for / against / abstain choice per candidate of the vote's call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for candidate in self.target.call.candidates.all():
            self.fields[f"candidate_{candidate.pk}"] = forms.ChoiceField(
                label=candidate.title, choices=VoteChoice.choices, widget=forms.RadioSelect
            )
        self._add_test_ids()

    def choices(self) -> dict[int, str]:
        """The choices by candidate id, as ``ballot_cast`` takes them."""
        return {
            int(name.split("_", 1)[1]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("candidate_")
        }


class ProgressForm(TestIdMixin, ActionForm):
    """Progress of one passed project of the call."""

    candidate = forms.ModelChoiceField(label=_("项目名称"), queryset=LivelihoodCandidate.objects.none())
    reported_on = forms.DateField(label=_("报告日期"), widget=forms.DateInput(attrs={"type": "date"}))
    percent = forms.IntegerField(label=_("完成进度（%）"), min_value=0, max_value=100)
    content = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = self.target.candidates.filter(elected=True)
        self._add_test_ids()
