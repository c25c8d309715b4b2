from django.urls import path

from puente.programs.views import enrolments, programmes, teams, work

urlpatterns = [
    path("", programmes.programme_list, name="programme_list"),
    path("new/", programmes.programme_copy, name="programme_copy"),
    path("<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("<int:pk>/adapt/", programmes.programme_adapt, name="programme_adapt"),
    path("<int:pk>/enrol/", enrolments.enrol, name="programme_enrol"),
    path("<int:pk>/allocations.csv", programmes.allocation_export, name="allocation_export"),
    path("fidelity/", programmes.fidelity, name="fidelity"),
    path("review/", teams.caseload_review, name="caseload_review"),
    path("teams/", teams.team_list, name="team_list"),
    path("teams/new/", teams.team_create, name="team_create"),
    path("enrolments/<int:pk>/", enrolments.enrolment_detail, name="enrolment_detail"),
    path("enrolments/<int:pk>/start/", enrolments.enrolment_start, name="enrolment_start"),
    path("enrolments/<int:pk>/team/", enrolments.enrolment_team, name="enrolment_team"),
    path("enrolments/<int:pk>/phases/", enrolments.enrolment_phases, name="enrolment_phases"),
    path("enrolments/<int:pk>/transition/", enrolments.enrolment_transition, name="enrolment_transition"),
    path("enrolments/<int:pk>/exit/", enrolments.enrolment_exit, name="enrolment_exit"),
    path("enrolments/<int:pk>/close/", enrolments.enrolment_close, name="enrolment_close"),
    path("enrolments/<int:pk>/contacts/new/", work.contact_add, name="contact_add"),
    path("enrolments/<int:pk>/focus/new/", work.focus_area_add, name="focus_area_add"),
    path("enrolments/<int:pk>/recovery-plan/", work.recovery_plan, name="recovery_plan"),
    path("enrolments/<int:pk>/crisis-plan/", work.crisis_plan, name="crisis_plan"),
    path("enrolments/<int:pk>/crisis-plan/edit/", work.crisis_plan_edit, name="crisis_plan_edit"),
    path("enrolments/<int:pk>/linkages/new/", work.linkage_add, name="linkage_add"),
    path("focus/<int:pk>/", work.focus_area_progress, name="focus_area_progress"),
    path("linkages/<int:pk>/", work.linkage_update, name="linkage_update"),
    path("participants/<int:pk>/timeline/", enrolments.participant_timeline, name="participant_timeline"),
]
