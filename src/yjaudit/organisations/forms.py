from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Nation, Service, StaffMember, StaffRole, Team


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=200)


class StaffForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices, widget=forms.RadioSelect)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("No team")
    )
    line_manager = forms.ModelChoiceField(
        label=_("Line manager"),
        queryset=StaffMember.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    active = forms.BooleanField(
        label=_("Currently working in the service"), required=False, initial=True
    )

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        manager = self.fields["line_manager"]
        assert isinstance(team, forms.ModelChoiceField)
        assert isinstance(manager, forms.ModelChoiceField)
        team.queryset = Team.objects.filter(service=service)
        manager.queryset = StaffMember.objects.filter(service=service, active=True)


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    nation = forms.ChoiceField(label=_("Nation"), choices=Nation.choices, widget=forms.RadioSelect)
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    family_group = forms.CharField(label=_("YJB family group"), max_length=50, required=False)
    population_10_17 = forms.IntegerField(
        label=_("Population aged 10 to 17"),
        min_value=0,
        required=False,
        help_text=_("Used for rates per 100,000 children, for example first-time entrants."),
    )
