"""URLs of the case audit (mounted at /audits/)."""

from django.urls import path

from yjaudit.audits.case_audits import views as v

app_name = "audits"

urlpatterns = [
    path("mine/", v.mine, name="mine"),
    path("round/<int:round_pk>/", v.round_audits, name="round"),
    path("round/<int:round_pk>/results/", v.results_page, name="results"),
    path("round/<int:round_pk>/moderation/", v.moderation, name="moderation"),
    path("round/<int:round_pk>/judgements/", v.judgements, name="judgements"),
    path(
        "round/<int:round_pk>/judgements/<str:standard_id>/",
        v.judgement_edit,
        name="judgement",
    ),
    path("round/<int:round_pk>/override/<str:standard_id>/", v.override_edit, name="override"),
    path("round/<int:round_pk>/assign/", v.round_assign, name="assign"),
    path("round/<int:round_pk>/inspection/", v.inspection, name="inspection"),
    path("<int:pk>/", v.audit_detail, name="detail"),
    path("<int:pk>/details/", v.details, name="details"),
    path("<int:pk>/standard/<str:standard_id>/", v.standard_page, name="standard"),
    path("<int:pk>/standard/<str:standard_id>/save/", v.autosave, name="autosave"),
    path("<int:pk>/submit/", v.submit, name="submit"),
    path("<int:pk>/return/", v.return_audit, name="return"),
    path("<int:pk>/moderate/", v.moderate, name="moderate"),
    path("<int:pk>/sign-off/", v.sign_off, name="signoff"),
    path("<int:pk>/reopen/", v.reopen, name="reopen"),
    path("<int:pk>/history/", v.history, name="history"),
    path("<int:pk>/second/", v.second_start, name="second_start"),
    path("<int:pk>/second/<str:standard_id>/", v.second_mark, name="second_mark"),
    path("<int:pk>/second-done/", v.second_done, name="second_done"),
    path("<int:pk>/differences/", v.differences_page, name="differences"),
    path(
        "<int:pk>/differences/<str:standard_id>/",
        v.differences_standard,
        name="differences_standard",
    ),
    path("<int:pk>/assign/", v.audit_assign, name="assign_one"),
    path("<int:pk>/feedback/", v.feedback, name="feedback"),
]
