from django.urls import path

from . import views_inventory, views_results

app_name = "diagnostic"

urlpatterns = [
    # Results: the scored candidates, the report and the weights.
    path("", views_results.index, name="index"),
    path("report.pdf", views_results.report_pdf, name="report-pdf"),
    path("weights/", views_results.weights, name="weights"),
    # Inventory: the organisation's tasks, expertise and resources.
    path("inventory/", views_inventory.inventory, name="inventory"),
    path("inventory/add/", views_inventory.add_checked, name="inventory-add"),
    path("inventory/suggest/", views_inventory.suggest, name="inventory-suggest"),
    path("inventory/restore/", views_inventory.restore, name="inventory-restore"),
    path("inventory/<int:item_id>/", views_inventory.row, name="inventory-row"),
    path("inventory/<int:item_id>/edit/", views_inventory.edit, name="inventory-edit"),
    path("inventory/<int:item_id>/delete/", views_inventory.delete, name="inventory-delete"),
    path("export.csv", views_inventory.export_csv, name="export-csv"),
    path("export.xlsx", views_inventory.export_xlsx, name="export-xlsx"),
    path("import/", views_inventory.import_file, name="import"),
    path("template.xlsx", views_inventory.template_xlsx, name="template-xlsx"),
]
