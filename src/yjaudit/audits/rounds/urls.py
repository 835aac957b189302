from django.urls import path

from yjaudit.audits.rounds import closing_views
from yjaudit.audits.rounds import views as round_views

app_name = "rounds"

urlpatterns = [
    path("", round_views.round_list, name="list"),
    path("<int:pk>/", round_views.round_detail, name="detail"),
    path("<int:pk>/draw/", round_views.round_draw, name="draw"),
    path("<int:pk>/archive/", round_views.round_archive, name="archive"),
    path("<int:pk>/restore/", round_views.round_unarchive, name="unarchive"),
    path("<int:pk>/sample/<int:sample_pk>/swap/", round_views.sample_swap, name="swap"),
    path("<int:pk>/sample/<int:sample_pk>/restore/", round_views.sample_restore, name="restore"),
    path("<int:pk>/close/", closing_views.round_close, name="close"),
    path("<int:pk>/reopen/", closing_views.round_reopen, name="reopen"),
    path("<str:service_code>/new/", round_views.round_create, name="create"),
]
