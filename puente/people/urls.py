from django.urls import path

from puente.people import views

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
]
