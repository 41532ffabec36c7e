from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    # Public transparency
    path("", views.public_list, name="list"),
    path("unduh.<export:fmt>", views.public_export, name="public_export"),
    # Staff
    path("kelola/", views.manage_list, name="manage"),
    path("kelola/baru/", views.create, name="create"),
    path("kelola/<agreement:reference>/", views.detail, name="detail"),
    path("kelola/<agreement:reference>/ubah/", views.edit, name="edit"),
    path("kelola/<agreement:reference>/hapus/", views.delete_draft, name="delete_draft"),
    path("kelola/<agreement:reference>/status/<slug:to_status>/", views.move, name="move"),
    path(
        "kelola/<agreement:reference>/dokumen/unggah/",
        views.document_upload,
        name="document_upload",
    ),
    path("kelola/<agreement:reference>/tonggak/tambah/", views.milestone_add, name="milestone_add"),
    path(
        "kelola/<agreement:reference>/tonggak/<pk:pk>/selesai/",
        views.milestone_done,
        name="milestone_done",
    ),
    path(
        "kelola/<agreement:reference>/pembiayaan/tambah/",
        views.contribution_add,
        name="contribution_add",
    ),
    path(
        "kelola/<agreement:reference>/tonggak/<pk:pk>/mulai/",
        views.milestone_start,
        name="milestone_start",
    ),
    path(
        "kelola/<agreement:reference>/pembiayaan/<pk:pk>/ubah/",
        views.contribution_edit,
        name="contribution_edit",
    ),
    path(
        "kelola/<agreement:reference>/pembiayaan/<pk:pk>/hapus/",
        views.contribution_delete,
        name="contribution_delete",
    ),
    path("kelola/<agreement:reference>/monev/kirim/", views.monev_submit, name="monev_submit"),
    path(
        "kelola/<agreement:reference>/monev/<pk:pk>/tinjau/",
        views.monev_review,
        name="monev_review",
    ),
    path("kelola/<agreement:reference>/diskusi/", views.comment_add, name="comment_add"),
    path(
        "kelola/<agreement:reference>/pengakhiran/",
        views.termination_request,
        name="termination_request",
    ),
    path("kelola/<agreement:reference>/perpanjangan/", views.renew, name="renew"),
    path(
        "dokumen/<agreement:reference>/<token:token>/",
        views.document_download,
        name="document_download",
    ),
    path("<agreement:reference>/", views.public_detail, name="public_detail"),
]
