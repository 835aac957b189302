"""Plug-in settings fail loudly: a typo is a start-up error naming the setting, never a
report that quietly says "no figures"."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from yjaudit.config.plugins import PLUGINS, check_plugins
from yjaudit.improvement import results as plan_results
from yjaudit.reports import sources

A_ROUND: Any = object()  # never reached: the plug-in is looked up first
TYPO = "yjaudit.audits.case_audits.round_scores.round_scor"


def test_the_shipped_settings_pass() -> None:
    assert check_plugins() == []


@pytest.mark.parametrize("setting", sorted(PLUGINS))
def test_a_typo_is_a_start_up_error_naming_the_setting(setting: str) -> None:
    with override_settings(**{setting: TYPO}):
        errors = check_plugins()
        assert [e.id for e in errors] == ["yjaudit.E001"]
        assert setting in errors[0].msg and TYPO in errors[0].msg
        with pytest.raises(SystemCheckError, match=setting):
            call_command("check")


@pytest.mark.parametrize("setting", sorted(PLUGINS))
def test_a_missing_module_is_an_error_too(setting: str) -> None:
    with override_settings(**{setting: "yjaudit.no_such_module.round_score"}):
        assert [e.id for e in check_plugins()] == ["yjaudit.E001"]


def test_reports_and_plans_raise_instead_of_showing_no_figures() -> None:
    with (
        override_settings(YJAUDIT_REPORT_ROUND_SCORE=TYPO),
        pytest.raises(ImproperlyConfigured, match="YJAUDIT_REPORT_ROUND_SCORE"),
    ):
        sources.round_score(A_ROUND)
    with (
        override_settings(YJAUDIT_ROUND_RESULT=TYPO),
        pytest.raises(ImproperlyConfigured, match="YJAUDIT_ROUND_RESULT"),
    ):
        plan_results.round_result(A_ROUND)


def test_a_setting_that_names_something_not_callable_is_refused() -> None:
    with override_settings(YJAUDIT_ROUND_RESULT="yjaudit.config.plugins.PLUGINS"):
        assert "not callable" in check_plugins()[0].msg
