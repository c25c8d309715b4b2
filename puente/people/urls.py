from django.urls import path

from puente.people import views, views_exports

urlpatterns = [
    path("", views.participant_list, name="participant_list"),
    path("new/", views.participant_create, name="participant_create"),
    path("<int:pk>/", views.participant_detail, name="participant_detail"),
    path("<int:pk>/edit/", views.participant_edit, name="participant_edit"),
    path("<int:pk>/retire/", views.participant_retire, name="participant_retire"),
    path("<int:pk>/identity/", views.participant_identity, name="participant_identity"),
    path("<int:pk>/identity/edit/", views.identity_edit, name="identity_edit"),
    path("<int:pk>/consent/give/", views.consent_give, name="consent_give"),
    path("<int:pk>/consent/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/workers/", views.assignment_add, name="assignment_add"),
    path("<int:pk>/erasure/", views_exports.erasure_request, name="erasure_request"),
    path("erasure/", views_exports.erasure_list, name="erasure_list"),
    path("exports/", views_exports.export_list, name="export_list"),
    path("exports/<int:project_pk>/participants.csv", views_exports.export_download, name="export_download"),
]
