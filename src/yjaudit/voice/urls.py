from django.urls import path

from . import answering, views

app_name = "voice"

urlpatterns = [
    path("", views.index, name="index"),
    # Public: anyone holding a one-use link (before the service patterns).
    path("answer/thanks/", answering.thanks, name="thanks"),
    path("answer/<str:token>/", answering.start, name="start"),
    path("answer/<str:token>/check/", answering.check, name="check"),
    path("answer/<str:token>/<str:question_id>/", answering.question, name="question"),
    # Staff: deny by default (permissions decide per service).
    path("<str:service_code>/", views.service_page, name="service"),
    path("<str:service_code>/collections/<int:pk>/", views.collection_page, name="collection"),
    path("<str:service_code>/collections/<int:pk>/links/", views.issue_links, name="links"),
    path("<str:service_code>/collections/<int:pk>/paper/", views.paper, name="paper"),
    path("<str:service_code>/collections/<int:pk>/close/", views.close, name="close"),
    path("<str:service_code>/results/<str:questionnaire_id>/", views.results, name="results"),
    path(
        "<str:service_code>/results/<str:questionnaire_id>/text/",
        views.free_text,
        name="free_text",
    ),
]
