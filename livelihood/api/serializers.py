from rest_framework import serializers

from ..choices import VoteChoice
from ..models import LivelihoodCall, LivelihoodCandidate


class LivelihoodCallSerializer(serializers.ModelSerializer):
    class Meta:
        model = LivelihoodCall
        fields = ["id", "congress", "year", "title", "description", "closes_on", "status"]


class LivelihoodCandidateSerializer(serializers.ModelSerializer):
    class Meta:
        model = LivelihoodCandidate
        fields = ["id", "call", "title", "description", "department", "budget", "order", "elected"]


class LivelihoodBallotSerializer(serializers.Serializer):
    choices = serializers.DictField(child=serializers.ChoiceField(choices=VoteChoice.choices))

    def validate_choices(self, value):
        try:
            return {int(k): v for k, v in value.items()}
        except ValueError:
            raise serializers.ValidationError("candidate ids must be integers") from None
