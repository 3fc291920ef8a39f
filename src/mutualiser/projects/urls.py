from django.urls import path

from . import views, views_decisions

app_name = "projects"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:project_id>/", views.detail, name="detail"),
    path("<int:project_id>/edit/", views.edit, name="edit"),
    path("<int:project_id>/partners/add/", views.partner_add, name="partner-add"),
    path(
        "<int:project_id>/partners/<int:partner_id>/quantities/",
        views.quantities,
        name="quantities",
    ),
    path("<int:project_id>/steps/<slug:code>/", views.step, name="step"),
    path("<int:project_id>/governance/", views.governance, name="governance"),
    path("<int:project_id>/risks/", views.risks, name="risks"),
    path("<int:project_id>/risks/<int:risk_id>/edit/", views.risk_edit, name="risk-edit"),
    path("<int:project_id>/risks/<int:risk_id>/delete/", views.risk_delete, name="risk-delete"),
    path("<int:project_id>/costs/", views.costs, name="costs"),
    path("<int:project_id>/history/", views.history, name="history"),
    path("<int:project_id>/agreement.pdf", views.agreement_pdf, name="agreement-pdf"),
    path("<int:project_id>/agreement.docx", views.agreement_docx, name="agreement-docx"),
    path("<int:project_id>/decisions/", views_decisions.decisions, name="decisions"),
    path(
        "<int:project_id>/decisions/<int:decision_id>/",
        views_decisions.decision,
        name="decision",
    ),
    path("<int:project_id>/evaluation/", views_decisions.evaluation, name="evaluation"),
]
