from django.urls import path

from puente.workforce.views import (
    accreditation,
    me,
    placement,
    recruitment,
    report,
    supervision,
    training,
    wellbeing,
)

urlpatterns = [
    path("me/", me.my_workforce, name="my_workforce"),
    # Recruitment
    path("candidates/", recruitment.candidate_list, name="candidate_list"),
    path("candidates/new/", recruitment.candidate_create, name="candidate_create"),
    path("candidates/<int:pk>/", recruitment.candidate_detail, name="candidate_detail"),
    path("candidates/<int:pk>/stage/", recruitment.candidate_stage, name="candidate_stage"),
    path("candidates/<int:pk>/identity/", recruitment.candidate_identity, name="candidate_identity"),
    path(
        "candidates/<int:pk>/identity/edit/",
        recruitment.candidate_identity_edit,
        name="candidate_identity_edit",
    ),
    path("candidates/<int:pk>/interview/", recruitment.candidate_interview, name="candidate_interview"),
    path("criteria/", recruitment.criteria_list, name="criteria_list"),
    # Training and accreditation
    path("cohorts/", training.cohort_list, name="cohort_list"),
    path("cohorts/new/", training.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/", training.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/flow/", training.cohort_flow, name="cohort_flow"),
    path("cohorts/<int:pk>/report.pdf", report.cohort_report, name="cohort_report"),
    path("cohorts/<int:pk>/trainees/new/", training.cohort_enrol, name="cohort_enrol"),
    path("cohorts/<int:pk>/sessions/new/", training.session_create, name="session_create"),
    path("sessions/<int:pk>/attendance/", training.attendance_sheet, name="attendance_sheet"),
    path("trainees/<int:pk>/", training.trainee_detail, name="trainee_detail"),
    path("trainees/<int:pk>/practice/", training.trainee_practice, name="trainee_practice"),
    path("trainees/<int:pk>/leave/", training.trainee_withdraw, name="trainee_withdraw"),
    path("trainees/<int:pk>/accredit/", accreditation.trainee_accredit, name="trainee_accredit"),
    path(
        "accreditations/<int:pk>/certificate/",
        accreditation.accreditation_certificate,
        name="accreditation_certificate",
    ),
    path("accreditations/<int:pk>/revoke/", accreditation.accreditation_revoke, name="accreditation_revoke"),
    # Placement
    path("placements/", placement.placement_list, name="placement_list"),
    path("placements/new/", placement.placement_create, name="placement_create"),
    path("placements/<int:pk>/", placement.placement_detail, name="placement_detail"),
    path("placements/<int:pk>/hours/", placement.placement_hours, name="placement_hours"),
    path("placements/<int:pk>/end/", placement.placement_end, name="placement_end"),
    # Supervision
    path("supervision/", supervision.supervision_overview, name="supervision_overview"),
    path("supervision/assign/", supervision.supervision_assign, name="supervision_assign"),
    path(
        "supervision/sessions/new/", supervision.supervision_session_create, name="supervision_session_create"
    ),
    # Wellbeing
    path("wellbeing/check-in/", wellbeing.checkin_create, name="checkin_create"),
    path("wellbeing/alerts/", wellbeing.alert_list, name="alert_list"),
    path("wellbeing/alerts/<int:pk>/", wellbeing.alert_acknowledge, name="alert_acknowledge"),
    path("wellbeing/<int:worker_id>/", wellbeing.wellbeing_detail, name="wellbeing_detail"),
    path("wellbeing/<int:worker_id>/plan/", wellbeing.safeguarding_edit, name="safeguarding_edit"),
    path("wellbeing/<int:worker_id>/leave/", wellbeing.leave_create, name="leave_create"),
]
